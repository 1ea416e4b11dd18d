import type { ActorView, ActorWorkspaceAccess } from '../actor/load-actor-view';
import { workspaceForbidden } from '../errors/access-errors';

/**
 * The actor's access to `workspaceId` when it can see it; `WORKSPACE_FORBIDDEN` otherwise. A
 * workspace of another tenant and one that does not exist get the same answer, so nobody
 * learns which ids exist elsewhere. `view` switches the role of its transaction: await it
 * before the next statement on that transaction.
 */
export async function requireWorkspaceAccess(
  view: ActorView,
  workspaceId: string,
): Promise<ActorWorkspaceAccess> {
  const access = await view.accessTo(workspaceId);
  if (access === null) throw workspaceForbidden(workspaceId);
  return access;
}
