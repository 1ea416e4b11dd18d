import { asServiceRole, type Db, type Tx } from '@aiconnected/db';
import { recordAudit } from '@aiconnected/access';
import {
  REPLAY_MAX_DELIVERIES,
  ShellError,
  type ResumedSubscription,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { summariseEvents } from '../delivery/record-lane-batch';
import { requireEventsManager } from './require-events-manager';
import { readSubscriptions } from './subscription-rows';

export interface ResumeEndpointInput {
  workspaceId: string;
  moduleKey: string;
  /** Also put back the event deliveries skipped while the endpoint was off (`endpoint_gone`). */
  redeliverSkipped?: boolean;
  correlationId: string;
}

interface EndpointRow {
  id: string;
  webhooks_disabled_at: Date | null;
  webhooks_disabled_reason: string | null;
}

/**
 * `POST /events/subscriptions/{module_key}/resume`: turns a module installation's webhook
 * endpoint back on after it answered 410 (or an admin disabled it): new events fan out to it
 * again. With `redeliverSkipped`, the installation's event deliveries skipped because the
 * endpoint was off (`skip_reason: "endpoint_gone"`) go back to pending in the same transaction
 * (fresh schedule, `replays + 1`, same id, so the module can tell a duplicate by `webhook-id`):
 * each lane sends them in order, before anything newer; at most `REPLAY_MAX_DELIVERIES`, else
 * `VALIDATION_BLOCKING` with `details.count` and nothing changed (resume without, then replay
 * ranges). Without it they stay skipped until replayed. `events.manage` in the workspace;
 * `NOT_FOUND` when the module is not installed there; `CONFLICT`
 * (`details.reason: "endpoint_active"`) when it is not disabled. Audited as
 * `events.endpoint_resume` (with `redelivered`); answers the subscription as it now stands.
 */
export async function resumeEndpoint(
  db: Db,
  actor: WorkspaceContext,
  input: ResumeEndpointInput,
): Promise<ResumedSubscription> {
  const { workspaceId, moduleKey } = input;
  return db.withWorkspace(actor, async (tx) => {
    await requireEventsManager(tx, actor, workspaceId, 'resuming a webhook endpoint');
    const row = await asServiceRole(tx, 'events: resume a webhook endpoint', async () => {
      const { rows } = await tx.query<EndpointRow>(
        `select i.id, i.webhooks_disabled_at, i.webhooks_disabled_reason
           from public.module_installations i
          where i.workspace_id = $1 and i.module_key = $2
            for update`,
        [workspaceId, moduleKey],
      );
      const [locked] = rows;
      if (!locked) {
        throw new ShellError('NOT_FOUND', `module ${moduleKey} not installed in ${workspaceId}`, {
          userMessage: 'This module is not installed in this workspace.',
          details: { module_key: moduleKey },
        });
      }
      if (locked.webhooks_disabled_at === null) {
        throw new ShellError('CONFLICT', `module ${moduleKey}: webhook endpoint is active`, {
          userMessage: "This module's webhook endpoint is already active.",
          details: { reason: 'endpoint_active' },
        });
      }
      await tx.query(
        `update public.module_installations
            set webhooks_disabled_at = null, webhooks_disabled_reason = null
          where id = $1`,
        [locked.id],
      );
      const redelivered = input.redeliverSkipped ? await redeliverSkipped(tx, locked.id) : 0;
      return { ...locked, redelivered };
    });
    await recordAudit(tx, actor, {
      workspaceId,
      action: 'events.endpoint_resume',
      targetType: 'module_installation',
      targetId: moduleKey,
      metadata: {
        module_key: moduleKey,
        disabled_reason: row.webhooks_disabled_reason,
        disabled_at: row.webhooks_disabled_at?.toISOString() ?? null,
        redelivered: row.redelivered,
      },
      correlationId: input.correlationId,
    });
    const [view] = await readSubscriptions(tx, workspaceId, moduleKey);
    if (!view) throw new Error(`installation of ${moduleKey} vanished under its lock`);
    return { ...view, redelivered: row.redelivered };
  });
}

/**
 * Puts the installation's `endpoint_gone` event deliveries back to pending (as a replay does),
 * locked in lane order like replay's, and recomputes their events' summaries; how many. Over
 * `REPLAY_MAX_DELIVERIES` it refuses before changing anything (the caller's transaction rolls
 * the resume back too).
 */
async function redeliverSkipped(tx: Tx, installationId: string): Promise<number> {
  const { rows: counted } = await tx.query<{ count: number }>(
    `select count(*)::int as count from public.event_deliveries
      where installation_id = $1 and kind = 'event' and state = 'skipped'
        and skip_reason = 'endpoint_gone'`,
    [installationId],
  );
  const count = counted[0]?.count ?? 0;
  if (count > REPLAY_MAX_DELIVERIES) {
    throw new ShellError('VALIDATION_BLOCKING', `re-delivery of ${count} deliveries refused`, {
      userMessage: `${count} deliveries were skipped while the endpoint was off; at most ${REPLAY_MAX_DELIVERIES} can be sent again at once. Resume without re-delivering, then replay time ranges.`,
      details: {
        count,
        max: REPLAY_MAX_DELIVERIES,
        issues: [{ path: 'body.redeliver_skipped', message: `Selects ${count} deliveries.` }],
      },
    });
  }
  const { rows } = await tx.query<{ event_id: string }>(
    `with target as (
       select d.id from public.event_deliveries d
        where d.installation_id = $1 and d.kind = 'event' and d.state = 'skipped'
          and d.skip_reason = 'endpoint_gone'
        order by d.installation_id, d.stream, d.sequence, d.kind
          for update of d
     )
     update public.event_deliveries d
        set state = 'pending', attempts = 0, next_attempt_at = now(), replays = d.replays + 1,
            skipped_at = null, skip_reason = null, updated_at = now()
       from target where d.id = target.id
     returning d.event_id`,
    [installationId],
  );
  await summariseEvents(
    tx,
    rows.map((row) => row.event_id),
  );
  return rows.length;
}
