import { asServiceRole, type Db } from '@aiconnected/db';
import { recordAudit } from '@aiconnected/access';
import {
  ShellError,
  type EventSubscriptionView,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { requireEventsManager } from './require-events-manager';
import { readSubscriptions } from './subscription-rows';

export interface ResumeEndpointInput {
  workspaceId: string;
  moduleKey: string;
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
 * again. Deliveries skipped meanwhile (`endpoint_gone`) stay skipped: replay them to send them.
 * `events.manage` in the workspace; `NOT_FOUND` when the module is not installed there;
 * `CONFLICT` (`details.reason: "endpoint_active"`) when it is not disabled. Audited as
 * `events.endpoint_resume`; answers the subscription as it now stands.
 */
export async function resumeEndpoint(
  db: Db,
  actor: WorkspaceContext,
  input: ResumeEndpointInput,
): Promise<EventSubscriptionView> {
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
      return locked;
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
      },
      correlationId: input.correlationId,
    });
    const [view] = await readSubscriptions(tx, workspaceId, moduleKey);
    if (!view) throw new Error(`installation of ${moduleKey} vanished under its lock`);
    return view;
  });
}
