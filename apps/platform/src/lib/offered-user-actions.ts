import type { UserAction, WorkspaceUser } from '@aiconnected/sdk-contracts';

/** What a member's row menu can offer: the API's actions, `manage_membership` as a role change. */
export type OfferedUserAction = Exclude<UserAction, 'manage_membership'> | 'change_role';

/**
 * The actions a member's row menu offers: exactly those the API says it allows for this user
 * (`allowed_actions`, computed by the rule it authorises with: scope and rank), so the menu
 * never offers what the API would refuse. A role change also needs a role to change to among
 * `assignableRoles`; profile edits happen on the account page, not in the menu.
 */
export function offeredUserActions(
  user: Pick<WorkspaceUser, 'allowed_actions' | 'role_template'>,
  assignableRoles: readonly string[],
): Set<OfferedUserAction> {
  const offered = new Set<OfferedUserAction>();
  for (const action of user.allowed_actions) {
    if (action === 'edit_profile') continue;
    if (action !== 'manage_membership') offered.add(action);
    else if (assignableRoles.includes(user.role_template)) offered.add('change_role');
  }
  return offered;
}
