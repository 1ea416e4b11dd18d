import type { Capability } from './capabilities';
import { holdsAllCapabilities } from './capability-implications';
import { isRoleTemplate, ROLE_CAPABILITIES } from './role-templates';

/** One membership of the user acted on. */
export interface TargetMembership {
  workspaceId: string;
  roleTemplate: string;
  /** The membership's allow overrides: what it holds beyond its role template. */
  allowOverrides: readonly Capability[];
  /**
   * Whether the membership's workspace governs the account (status, email, password, profile).
   * False for a membership an existing account accepted by invitation: the inviter gains no
   * control over the account, the workspaces that governed it keep theirs.
   */
  governsAccount: boolean;
}

/**
 * Whether the actor could grant everything the user holds in EVERY membership, governing or
 * not: its role template's capabilities plus its allow overrides (`holdsAllCapabilities`),
 * judged with the actor's capabilities in that workspace when the actor governs it
 * (`actorCapabilities` has an entry exactly for those), otherwise with its capabilities where
 * it acts (`actorActiveCapabilities`). So nobody acts on an account that outranks them
 * anywhere: a guest agency_admin or super_admin membership, or a billing.manage override,
 * protects the account from a business manager of its home workspace. Part of
 * `canManageUser`; alone, it guards membership changes. Same rule as the rank clause of
 * `shell.can_manage_user` (migration 024).
 */
export function canAssignEveryRole(
  actorCapabilities: ReadonlyMap<string, readonly Capability[]>,
  targetMemberships: readonly TargetMembership[],
  actorActiveCapabilities: readonly Capability[],
): boolean {
  return targetMemberships.every((membership) => {
    if (!isRoleTemplate(membership.roleTemplate)) return false;
    const capabilities = actorCapabilities.get(membership.workspaceId) ?? actorActiveCapabilities;
    return holdsAllCapabilities(capabilities, [
      ...ROLE_CAPABILITIES[membership.roleTemplate],
      ...membership.allowOverrides,
    ]);
  });
}
