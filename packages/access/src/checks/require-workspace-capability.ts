import type { Capability } from '@aiconnected/permissions';
import type { ActorView, ActorWorkspaceAccess } from '../actor/load-actor-view';
import { permissionDenied } from '../errors/access-errors';
import { requireWorkspaceAccess } from './require-workspace-access';

/**
 * The actor's access to `workspaceId` when it can see it and holds `capability` there:
 * `WORKSPACE_FORBIDDEN` when it cannot see it (another tenant, or no such workspace),
 * `PERMISSION_DENIED` when it lacks the capability.
 */
export async function requireWorkspaceCapability(
  view: ActorView,
  workspaceId: string,
  capability: Capability,
  what: string,
): Promise<ActorWorkspaceAccess> {
  const access = await requireWorkspaceAccess(view, workspaceId);
  if (!access.capabilities.includes(capability)) throw permissionDenied(capability, what);
  return access;
}
