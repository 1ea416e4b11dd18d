export interface UserScopeInput {
  /** The workspaces where the actor holds `users.manage` (`shell.workspaces_with_permission('users.manage')`). */
  actorManagedWorkspaceIds: readonly string[];
  /**
   * Every workspace whose membership governs the target's account, active or not: each one
   * counts (a membership accepted by an existing account by invitation does not govern it).
   */
  targetWorkspaceIds: readonly string[];
  /**
   * The actor acts in the super workspace with the platform `users.manage` (platform scope):
   * every user is in scope, also one without any membership.
   */
  actorIsPlatformUsersManager?: boolean;
}

/**
 * Whether a target user is in the actor's scope (PRD §7, docs/identity.md "Scope rules"):
 * every workspace the user belongs to is one where the actor holds `users.manage`, so a
 * business admin cannot act on someone who is also an agency member. A user without
 * memberships is in scope only of the platform's users manager. Part of `canManageUser`,
 * which adds the role rule; both as `shell.can_manage_user` (migration 020). Whether the actor may
 * act on itself is the caller's concern (self-service has its own rules).
 */
export function isUserInScope({
  actorManagedWorkspaceIds,
  targetWorkspaceIds,
  actorIsPlatformUsersManager = false,
}: UserScopeInput): boolean {
  if (actorIsPlatformUsersManager) return true;
  if (targetWorkspaceIds.length === 0) return false;
  const managed = new Set(actorManagedWorkspaceIds);
  return targetWorkspaceIds.every((workspaceId) => managed.has(workspaceId));
}
