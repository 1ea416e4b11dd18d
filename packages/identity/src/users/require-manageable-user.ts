import type { Tx } from '@aiconnected/db';
import { ShellError } from '@aiconnected/sdk-contracts';
import { judgeTargetUser } from './judge-target-user';
import type { ActorView } from '@aiconnected/access';
import { loadTargetUser, type TargetUser } from './load-target-user';
import { userOutOfScope } from './user-errors';

/**
 * The target user when the actor may act on their account (`judgeTargetUser`, docs/identity.md
 * "Scope rules"): `WORKSPACE_FORBIDDEN` when out of scope, also for an unknown id;
 * `PERMISSION_DENIED` (`reason: role_not_manageable`) when the user holds a role the actor
 * could not assign, e.g. a manager acting on an admin. `shell.can_manage_user` (the same rule
 * in SQL, migration 020) must agree, as the actor.
 */
export async function requireManageableUser(
  tx: Tx,
  view: ActorView,
  userId: string,
): Promise<TargetUser> {
  const target = await loadTargetUser(tx, userId);
  if (target === null) throw userOutOfScope(userId);
  const verdict = await judgeTargetUser(view, target.memberships);
  if (verdict === 'out_of_scope') throw userOutOfScope(userId);
  if (verdict === 'outranked') {
    throw new ShellError(
      'PERMISSION_DENIED',
      `user ${userId} holds a role the actor cannot assign`,
      {
        userMessage: 'You cannot manage someone with more rights than your own.',
        details: { user_id: userId, reason: 'role_not_manageable' },
      },
    );
  }
  // The second layer: the database's own rule, evaluated as the actor.
  const { rows } = await tx.query<{ manageable: boolean }>(
    'select shell.can_manage_user($1) as manageable',
    [userId],
  );
  if (rows[0]?.manageable !== true) {
    throw new ShellError('PERMISSION_DENIED', `shell.can_manage_user refused user ${userId}`, {
      details: { user_id: userId, reason: 'role_not_manageable' },
    });
  }
  return target;
}
