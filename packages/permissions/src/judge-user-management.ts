import type { Capability } from './capabilities';
import { canAssignEveryRole, type TargetMembership } from './can-assign-every-role';
import { isUserInScope } from './is-user-in-scope';

export interface UserManagementInput {
  /**
   * The actor's effective capabilities in each workspace of the target it governs (can see);
   * a workspace it does not govern is absent.
   */
  actorCapabilities: ReadonlyMap<string, readonly Capability[]>;
  /** The actor's effective capabilities in its active workspace (judges the others' ranks). */
  actorActiveCapabilities: readonly Capability[];
  targetMemberships: readonly TargetMembership[];
  /** Acting in the super workspace as the platform's users manager (platform scope). */
  actorIsPlatformUsersManager: boolean;
}

/**
 * `allowed`: the actor may act on the user's account, `out_of_scope`: not every membership
 * that governs the account is one where the actor holds users.manage, `outranked`: in scope,
 * but the user holds a role the actor could not assign.
 */
export type UserManagementVerdict = 'allowed' | 'out_of_scope' | 'outranked';

/**
 * Whether the actor may act on a user's account (status, email, profile, reset link): the user
 * is in scope (`isUserInScope` over the memberships that govern the account) AND the actor could
 * grant everything the user holds in every membership, guest ones included
 * (`canAssignEveryRole`), so a manager never suspends or takes over a higher-ranked account.
 * Same rule as `shell.can_manage_user` (migration 024). Acting on oneself is the caller's concern. Out of
 * scope wins over outranked, so nothing is learnt about a user outside the scope.
 */
export function judgeUserManagement({
  actorCapabilities,
  actorActiveCapabilities,
  targetMemberships,
  actorIsPlatformUsersManager,
}: UserManagementInput): UserManagementVerdict {
  const governing = targetMemberships.filter((membership) => membership.governsAccount);
  const inScope = isUserInScope({
    actorManagedWorkspaceIds: governing
      .filter((m) => actorCapabilities.get(m.workspaceId)?.includes('users.manage') ?? false)
      .map((m) => m.workspaceId),
    targetWorkspaceIds: governing.map((membership) => membership.workspaceId),
    actorIsPlatformUsersManager,
  });
  if (!inScope) return 'out_of_scope';
  return canAssignEveryRole(actorCapabilities, targetMemberships, actorActiveCapabilities)
    ? 'allowed'
    : 'outranked';
}
