import { permissionDenied, type ActorView, type ActorWorkspaceAccess } from '@aiconnected/access';
import type { Capability } from '@aiconnected/sdk-contracts';

/**
 * The actor's access to its active workspace when that is the platform (super) workspace and
 * the actor holds `capability` there: the registry (`modules.install`) and SDK contract
 * publication (`settings.manage`) are the platform's, never a tenant's. `PERMISSION_DENIED`
 * naming the capability otherwise, as RLS's `shell.has_platform_permission` would refuse.
 */
export function requirePlatformCapability(
  view: ActorView,
  capability: Capability,
  what: string,
): ActorWorkspaceAccess {
  const { active } = view;
  if (active?.workspace.type !== 'super' || !active.capabilities.includes(capability)) {
    throw permissionDenied(capability, `${what} (in the platform workspace)`);
  }
  return active;
}
