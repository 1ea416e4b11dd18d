import type { Capability } from '@aiconnected/permissions';
import type { ActorView, ActorWorkspaceAccess } from './load-actor-view';
import { permissionDenied, workspaceForbidden } from './user-errors';

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
  const access = await view.accessTo(workspaceId);
  if (access === null) throw workspaceForbidden(workspaceId);
  if (!access.capabilities.includes(capability)) throw permissionDenied(capability, what);
  return access;
}

/**
 * The actor's access to its active workspace when it holds `capability` there (actions on
 * users, who are global rows, are authorised where the actor acts); `PERMISSION_DENIED` else.
 */
export function requireActiveCapability(
  view: ActorView,
  capability: Capability,
  what: string,
): ActorWorkspaceAccess {
  if (view.active === null || !view.active.capabilities.includes(capability)) {
    throw permissionDenied(capability, what);
  }
  return view.active;
}
