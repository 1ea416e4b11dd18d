import type { Tx } from '@aiconnected/db';
import {
  loadActorView,
  requireWorkspaceCapability,
  type ActorWorkspaceAccess,
} from '@aiconnected/access';
import type { WorkspaceContext } from '@aiconnected/sdk-contracts';

/**
 * The actor's access to `workspaceId` when it may operate the event bus there (docs/events.md
 * "Dead letter and replay"): it can see the workspace (`WORKSPACE_FORBIDDEN` otherwise: another
 * tenant, or no such workspace) and holds `events.manage` there (`PERMISSION_DENIED`). Super
 * members hold it everywhere they can see, which is every workspace.
 */
export async function requireEventsManager(
  tx: Tx,
  actor: WorkspaceContext,
  workspaceId: string,
  what: string,
): Promise<ActorWorkspaceAccess> {
  const view = await loadActorView(tx, actor);
  return requireWorkspaceCapability(view, workspaceId, 'events.manage', what);
}
