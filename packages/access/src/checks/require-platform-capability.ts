import type { Capability } from '@aiconnected/permissions';
import type { ActorView, ActorWorkspaceAccess } from '../actor/load-actor-view';
import { permissionDenied } from '../errors/access-errors';
import { holdsPlatformCapability } from './holds-platform-capability';

/**
 * The actor's access to its active workspace when that is the platform (super) workspace and
 * the actor holds `capability` there (`holdsPlatformCapability`). `PERMISSION_DENIED` naming
 * the capability otherwise, as RLS's `shell.has_platform_permission` would refuse.
 */
export function requirePlatformCapability(
  view: ActorView,
  capability: Capability,
  what: string,
): ActorWorkspaceAccess {
  const { active } = view;
  if (!active || !holdsPlatformCapability(view, capability)) {
    throw permissionDenied(capability, `${what} (in the platform workspace)`);
  }
  return active;
}
