import { asServiceRole, type Tx } from '@aiconnected/db';
import { ShellError, type User, type WorkspaceContext } from '@aiconnected/sdk-contracts';
import {
  recordAudit,
  loadActorView,
  requireActiveCapability,
  translateWriteError,
} from '@aiconnected/access';
import { revokeUserSessions } from '../sessions/revoke-user-sessions';
import { requireManageableUser } from './require-manageable-user';
import { toUserRecord, USER_COLUMNS, type UserRow } from './user-record';
import { USER_WRITE_CONFLICTS } from './user-errors';

export interface SetUserStatusInput {
  actor: WorkspaceContext;
  userId: string;
  /** `suspended` blocks the account at once; `active` reactivates it. */
  status: 'active' | 'suspended';
  correlationId: string;
}

/**
 * Suspends or reactivates a user inside the actor's `withWorkspace` transaction `tx`
 * (`updateUser` opens it, so a profile and a status change commit or roll back together).
 * Needs `users.manage` where the actor acts and the user manageable (`requireManageableUser`:
 * in scope, and no role the actor could not assign). Nobody changes their own status.
 * Suspending revokes all the user's sessions in the same transaction; reactivating a user who
 * never set a password returns them to `invited`. Audited as `user.suspend` / `user.reactivate` in the same
 * transaction; setting the current status changes nothing.
 */
export async function setUserStatus(tx: Tx, input: SetUserStatusInput): Promise<{ user: User }> {
  const { actor } = input;
  if (input.status !== 'active' && input.status !== 'suspended') {
    throw new ShellError('VALIDATION_BLOCKING', `unknown user status ${String(input.status)}`, {
      details: { field: 'status', reason: 'invalid_status' },
    });
  }
  const view = await loadActorView(tx, actor);
  requireActiveCapability(view, 'users.manage', 'changing a user status');
  if (input.userId === actor.user_id) {
    throw new ShellError('PERMISSION_DENIED', 'an actor cannot change its own status', {
      userMessage: 'You cannot suspend or reactivate your own account.',
      details: { reason: 'own_account' },
    });
  }
  const target = await requireManageableUser(tx, view, input.userId);
  const current = target.row.status;
  const next =
    input.status === 'active' && current !== 'active'
      ? await reactivatedStatus(tx, input.userId)
      : input.status;
  if (next === current) return { user: toUserRecord(target.row) };

  const user = await updateStatus(tx, input.userId, next);
  if (input.status === 'suspended') {
    await asServiceRole(tx, 'identity: revoke the sessions of a suspended user', () =>
      revokeUserSessions(tx, input.userId),
    );
  }
  await recordAudit(tx, actor, {
    workspaceId: actor.workspace_id,
    action: input.status === 'suspended' ? 'user.suspend' : 'user.reactivate',
    targetType: 'user',
    targetId: input.userId,
    metadata: { from_status: current, to_status: next },
    correlationId: input.correlationId,
  });
  return { user: toUserRecord(user) };
}

/** `active` when the user has a password, else `invited` (they still have to accept). */
async function reactivatedStatus(tx: Tx, userId: string): Promise<'active' | 'invited'> {
  return asServiceRole(
    tx,
    'identity: check whether a reactivated user has a password',
    async () => {
      const { rowCount } = await tx.query(
        'select 1 from public.user_credentials where user_id = $1',
        [userId],
      );
      return (rowCount ?? 0) > 0 ? 'active' : 'invited';
    },
  );
}

/** The status write, as the actor: RLS checks users.manage over the user again. */
async function updateStatus(tx: Tx, userId: string, status: string): Promise<UserRow> {
  let rows: UserRow[];
  try {
    ({ rows } = await tx.query<UserRow>(
      `update public.users u set status = $2 where u.id = $1 returning ${USER_COLUMNS}`,
      [userId, status],
    ));
  } catch (error) {
    return translateWriteError(error, 'changing a user status', USER_WRITE_CONFLICTS);
  }
  const row = rows[0];
  if (!row) {
    throw new ShellError(
      'PERMISSION_DENIED',
      `row-level security hid user ${userId} from the status update`,
      {
        details: { required_permission: 'users.manage' },
      },
    );
  }
  return row;
}
