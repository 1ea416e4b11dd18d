import type { Capability } from '@aiconnected/permissions';
import type { ActorView, ActorWorkspaceAccess } from '../actor/load-actor-view';
import { permissionDenied } from '../errors/access-errors';

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
