import type { Capability } from './capabilities';
import { isRoleTemplate, ROLE_CAPABILITIES } from './role-templates';

export interface CanAssignRoleOptions {
  /**
   * The actor is super with the platform permission `users.manage` (claimed, and granted by
   * its super membership): `shell.has_platform_permission('users.manage')`.
   */
  actorIsPlatformUsersManager: boolean;
}

/**
 * Whether an actor holding `actorCapabilities` in a workspace may grant (or change, or
 * remove) a membership with `roleTemplate` there: it holds every capability of the role, or
 * it is the platform's users manager. Same rule as `shell.can_assign_role` (migration 017),
 * so nobody promotes anyone, themselves through an accomplice included, above their own
 * rights. An unknown role template is never assignable by the capability rule.
 */
export function canAssignRole(
  actorCapabilities: readonly Capability[],
  roleTemplate: string,
  { actorIsPlatformUsersManager }: CanAssignRoleOptions,
): boolean {
  if (actorIsPlatformUsersManager) return true;
  if (!isRoleTemplate(roleTemplate)) return false;
  return ROLE_CAPABILITIES[roleTemplate].every((capability) =>
    actorCapabilities.includes(capability),
  );
}
