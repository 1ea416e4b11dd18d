import type { Db } from '@aiconnected/db';
import type { EventSubscriptionView, WorkspaceContext } from '@aiconnected/sdk-contracts';
import { requireEventsManager } from './require-events-manager';
import { readSubscriptions } from './subscription-rows';

/**
 * `GET /events/subscriptions`: each module installed in the workspace as an event subscriber
 * (`readSubscriptions`): what it consumes, its webhook endpoint (active, or disabled after a
 * 410 or by an admin), pending and dead-lettered counts, its last delivery and failure.
 * `events.manage` in the workspace.
 */
export async function listSubscriptions(
  db: Db,
  actor: WorkspaceContext,
  input: { workspaceId: string },
): Promise<{ items: EventSubscriptionView[] }> {
  return db.withWorkspace(actor, async (tx) => {
    await requireEventsManager(tx, actor, input.workspaceId, 'listing event subscriptions');
    return { items: await readSubscriptions(tx, input.workspaceId) };
  });
}
