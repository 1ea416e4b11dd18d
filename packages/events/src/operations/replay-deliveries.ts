import { asServiceRole, type Db, type Tx } from '@aiconnected/db';
import { recordAudit } from '@aiconnected/access';
import {
  REPLAY_MAX_DELIVERIES,
  ShellError,
  type ReplayResponse,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { summariseEvents } from '../delivery/record-lane-batch';
import { requireEventsManager } from './require-events-manager';

export interface ReplayDeliveriesInput {
  workspaceId: string;
  /** Only this module's deliveries. */
  moduleKey?: string;
  /** Only this stream's events. */
  stream?: string;
  /** Events recorded at or after this time (RFC 3339). */
  from?: string;
  /** Events recorded before this time; not before `from`. */
  to?: string;
  correlationId: string;
}

/**
 * The deliveries a replay selects ($1-$5), on `d` joined with its event `e` and installation `i`.
 * The workspace and stream are read on the event (a delivery copies them), so the events'
 * indexes (workspace, stream, sequence) and (workspace, recorded_at) find them and the
 * deliveries follow by event id: filtering on `d` scanned every workspace's deliveries
 * (337 ms at 200k; 0.7 ms for a range, 38 ms for a 571-event stream since).
 */
const SELECTED = `from public.event_deliveries d
  join public.events e on e.id = d.event_id
  join public.module_installations i on i.id = d.installation_id
 where e.workspace_id = $1 and d.workspace_id = $1 and d.state <> 'pending'
   and ($2::text is null or d.module_key = $2)
   and ($3::text is null or e.stream = $3)
   and ($4::timestamptz is null or e.recorded_at >= $4)
   and ($5::timestamptz is null or e.recorded_at < $5)
   and (d.kind = 'action' or i.webhooks_disabled_at is null)`;

/**
 * `POST /events/replay`: sends a workspace's events again, a stream or a time range of them
 * (`recorded_at` in [from, to)), to every subscriber or one module's. Each selected delivery
 * that is not pending (delivered, dead-lettered or skipped) goes back to `pending` with a fresh
 * schedule and `replays + 1`, keeping its id (so the module sees the same `webhook-id` and can
 * tell a duplicate); the delivery runtime sends each lane's deliveries in sequence order, as the
 * first time; the events' summaries are recomputed. Event deliveries to an installation whose endpoint is disabled stay as they are
 * (resume it first). At most `REPLAY_MAX_DELIVERIES` per call, else `VALIDATION_BLOCKING` with
 * `details.count` and nothing changed; naming neither a stream nor a range, or a range that
 * ends before it starts, is `VALIDATION_BLOCKING` too; a `moduleKey` not installed in the
 * workspace, or a `stream` with no events there, `NOT_FOUND` (nothing changed, no audit row).
 * `events.manage` in the workspace.
 * Audited as `events.replay` with the filter and the count.
 */
export async function replayDeliveries(
  db: Db,
  actor: WorkspaceContext,
  input: ReplayDeliveriesInput,
): Promise<ReplayResponse> {
  requireReplayFilter(input);
  const { workspaceId } = input;
  const params = [
    workspaceId,
    input.moduleKey ?? null,
    input.stream ?? null,
    input.from ?? null,
    input.to ?? null,
  ];
  return db.withWorkspace(actor, async (tx) => {
    await requireEventsManager(tx, actor, workspaceId, 'replaying events');
    const replayed = await asServiceRole(tx, 'events: replay deliveries', async () => {
      await requireReplayTargets(tx, input);
      await requireReplayBound(tx, params);
      return putBack(tx, params);
    });
    await recordAudit(tx, actor, {
      workspaceId,
      action: 'events.replay',
      targetType: 'workspace',
      targetId: workspaceId,
      metadata: {
        module_key: input.moduleKey ?? null,
        stream: input.stream ?? null,
        from: input.from ?? null,
        to: input.to ?? null,
        replayed,
      },
      correlationId: input.correlationId,
    });
    return { replayed };
  });
}

function requireReplayFilter(input: ReplayDeliveriesInput): void {
  const issues: { path: string; message: string }[] = [];
  if (input.stream === undefined && input.from === undefined && input.to === undefined) {
    issues.push({ path: 'body', message: 'Name a stream, a time range (from, to) or both.' });
  }
  if (
    input.from !== undefined &&
    input.to !== undefined &&
    Date.parse(input.to) < Date.parse(input.from)
  ) {
    issues.push({ path: 'body.to', message: 'The range ends before it starts.' });
  }
  if (issues.length > 0) {
    throw new ShellError('VALIDATION_BLOCKING', 'replay filter invalid', { details: { issues } });
  }
}

/**
 * A `moduleKey` must name a module installed in the workspace (as resuming its endpoint
 * requires; an uninstalled one keeps its row while deliveries of its wait) and a `stream` one
 * with events there: naming neither is `NOT_FOUND`, not a replay of nothing with its audit row.
 */
async function requireReplayTargets(tx: Tx, input: ReplayDeliveriesInput): Promise<void> {
  const { workspaceId, moduleKey, stream } = input;
  const { rows } = await tx.query<{ installed: boolean; streamed: boolean }>(
    `select ($2::text is null or exists (
              select 1 from public.module_installations
               where workspace_id = $1 and module_key = $2)) as installed,
            ($3::text is null or exists (
              select 1 from public.events where workspace_id = $1 and stream = $3)) as streamed`,
    [workspaceId, moduleKey ?? null, stream ?? null],
  );
  const [found] = rows;
  if (moduleKey !== undefined && found?.installed !== true) {
    throw new ShellError('NOT_FOUND', `module ${moduleKey} not installed in ${workspaceId}`, {
      userMessage: 'This module is not installed in this workspace.',
      details: { module_key: moduleKey },
    });
  }
  if (stream !== undefined && found?.streamed !== true) {
    throw new ShellError('NOT_FOUND', `no events on stream ${stream} in ${workspaceId}`, {
      userMessage: 'This stream has no events in this workspace.',
      details: { stream },
    });
  }
}

async function requireReplayBound(tx: Tx, params: unknown[]): Promise<void> {
  const { rows } = await tx.query<{ count: number }>(
    `select count(*)::int as count ${SELECTED}`,
    params,
  );
  const count = rows[0]?.count ?? 0;
  if (count > REPLAY_MAX_DELIVERIES) {
    throw new ShellError('VALIDATION_BLOCKING', `replay of ${count} deliveries refused`, {
      userMessage: `This would replay ${count} deliveries; at most ${REPLAY_MAX_DELIVERIES} at once. Narrow the range or pick a stream or module.`,
      details: {
        count,
        max: REPLAY_MAX_DELIVERIES,
        issues: [
          {
            path: 'body',
            message: `Selects ${count} deliveries (at most ${REPLAY_MAX_DELIVERIES}).`,
          },
        ],
      },
    });
  }
}

/**
 * Puts the selected deliveries back to pending, locking them in lane order (as the runtime
 * reads them) so two replays or a replay and a drain never wait on each other in a cycle, then
 * recomputes their events' summaries. The state change wakes each lane (the outbox trigger).
 */
async function putBack(tx: Tx, params: unknown[]): Promise<number> {
  const { rows } = await tx.query<{ event_id: string }>(
    `with target as (
       select d.id ${SELECTED}
        order by d.installation_id, d.stream, d.sequence, d.kind
          for update of d
     )
     update public.event_deliveries d
        set state = 'pending', attempts = 0, next_attempt_at = now(), replays = d.replays + 1,
            dead_lettered_at = null, skipped_at = null, skip_reason = null, updated_at = now()
       from target where d.id = target.id
     returning d.event_id`,
    params,
  );
  await summariseEvents(
    tx,
    rows.map((row) => row.event_id),
  );
  return rows.length;
}
