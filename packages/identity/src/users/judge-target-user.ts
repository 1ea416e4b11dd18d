import {
  judgeUserManagement,
  type TargetMembership,
  type UserManagementVerdict,
} from '@aiconnected/permissions';
import { type ActorView, readActorCapabilities } from '@aiconnected/access';

/**
 * Whether the actor may act on the account of a user with `memberships`
 * (`judgeUserManagement`, fed with the actor's capabilities in each of those workspaces it can
 * see, and in its active one for the others). The one rule behind every action on a user and the users list's `allowed_actions`.
 */
export async function judgeTargetUser(
  view: ActorView,
  memberships: readonly TargetMembership[],
): Promise<UserManagementVerdict> {
  return judgeUserManagement({
    actorCapabilities: await readActorCapabilities(
      view,
      memberships.map((membership) => membership.workspaceId),
    ),
    actorActiveCapabilities: view.active?.capabilities ?? [],
    targetMemberships: memberships,
    actorIsPlatformUsersManager: view.platformScope,
  });
}
