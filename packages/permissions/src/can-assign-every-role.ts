import type { Capability } from './capabilities';
import { canAssignRole } from './can-assign-role';

/** One membership of the user acted on. */
export interface TargetMembership {
  workspaceId: string;
  roleTemplate: string;
  /**
   * Whether the membership's workspace governs the account (status, email, password, profile).
   * False for a membership an existing account accepted by invitation: the inviter gains no
   * control over the account, the workspaces that governed it keep theirs.
   */
  governsAccount: boolean;
}

/**
 * Whether the actor may assign every role the user holds in the workspaces the actor governs
 * (`actorCapabilities` has an entry exactly for those): nobody acts on a member who outranks
 * them there. Part of `canManageUser`; alone, it guards membership changes. Same rule as the
 * role clause of `shell.can_manage_user` (migration 020).
 */
export function canAssignEveryRole(
  actorCapabilities: ReadonlyMap<string, readonly Capability[]>,
  targetMemberships: readonly TargetMembership[],
): boolean {
  return targetMemberships.every((membership) => {
    const capabilities = actorCapabilities.get(membership.workspaceId);
    return capabilities === undefined || canAssignRole(capabilities, membership.roleTemplate);
  });
}
