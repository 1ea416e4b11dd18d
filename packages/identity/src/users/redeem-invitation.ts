import type { Tx } from '@aiconnected/db';
import { ShellError } from '@aiconnected/sdk-contracts';
import { assertPasswordAcceptable } from '../crypto/assert-password-acceptable';
import { verifyPassword } from '../crypto/verify-password';
import type { AuthTokenRow } from '../tokens/auth-token';
import { INVALID_LINK_MESSAGE } from '../tokens/consume-token';
import { storeMembershipEvent, type MembershipEventRow } from './membership-event';
import { recordOwnAction } from './record-own-action';
import { setPasswordFromLink } from './set-password-from-link';
import { USER_COLUMNS, type UserRow } from './user-record';

export interface RedeemInvitationInput {
  /** The invitation token, already spent by the caller in `tx`. */
  token: AuthTokenRow;
  /** A new account's new password, or an existing account's current one. */
  password: string;
  /** A new account's name; an existing account keeps its own. */
  displayName?: string;
  correlationId: string | null;
}

/**
 * What accepting an invitation does, in the caller's service transaction (any error rolls it
 * back, so the link stays usable):
 * - a new account (no password yet) sets its password (policy checked) and becomes active;
 * - an existing account proves itself with its current password (`AUTH_REQUIRED`
 *   `reason: wrong_password` otherwise); nothing else of the account changes;
 * then the membership of the invitation is created (invitations create none before). It
 * governs the account only when no other membership does: for a brand-new account, the
 * invitation its owner accepts FIRST governs it (they chose it, whoever invited first), and
 * later ones are guests; so accepting takes nothing away from the workspaces that already
 * govern the user and gives the inviter no control over an existing account. A suspended
 * account's link is invalid. Audited as `user.invitation_accepted`; a new membership also emits
 * `membership.created` in the same transaction.
 */
export async function redeemInvitation(tx: Tx, input: RedeemInvitationInput): Promise<UserRow> {
  const { token } = input;
  const { rows } = await tx.query<{ status: string; password_hash: string | null }>(
    `select u.status, c.password_hash
       from public.users u left join public.user_credentials c on c.user_id = u.id
      where u.id = $1 for update of u`,
    [token.user_id],
  );
  const account = rows[0];
  if (account === undefined || account.status === 'suspended' || token.workspace_id === null) {
    throw new ShellError('SESSION_INVALID', `invitation of user ${token.user_id} not usable`, {
      userMessage: INVALID_LINK_MESSAGE,
    });
  }

  let user: UserRow;
  if (account.password_hash === null) {
    assertPasswordAcceptable(input.password);
    user = await setPasswordFromLink(tx, {
      userId: token.user_id,
      password: input.password,
      displayName: input.displayName,
    });
  } else {
    if (!(await verifyPassword(account.password_hash, input.password))) {
      throw new ShellError('AUTH_REQUIRED', 'wrong password accepting an invitation', {
        userMessage: 'This account already has a password: enter it to accept the invitation.',
        details: { reason: 'wrong_password' },
      });
    }
    const current = await tx.query<UserRow>(
      `select ${USER_COLUMNS} from public.users u where u.id = $1`,
      [token.user_id],
    );
    const row = current.rows[0];
    if (!row) throw new Error(`user ${token.user_id} vanished while accepting`);
    user = row;
  }

  const inserted = await tx.query<MembershipEventRow>(
    `insert into public.workspace_memberships
       (workspace_id, user_id, role_template, invited_by_user_id, governs_account)
     select $1, $2, $3, $4,
            not exists (select 1 from public.workspace_memberships m
                         where m.user_id = $2 and m.governs_account)
      where $3::text is not null
     on conflict (workspace_id, user_id) do nothing
     returning id, workspace_id, user_id, role_template, active, invited_by_user_id`,
    [token.workspace_id, token.user_id, token.role_template, token.created_by_user_id],
  );
  const membership = inserted.rows[0];
  if (membership !== undefined) {
    await storeMembershipEvent(tx, {
      name: 'membership.created',
      after: membership,
      reason: 'invitation_accepted',
      actorUserId: token.user_id,
      correlationId: input.correlationId,
    });
  }
  await recordOwnAction(tx, {
    userId: token.user_id,
    workspaceId: token.workspace_id,
    action: 'user.invitation_accepted',
    metadata: { role_template: token.role_template },
    correlationId: input.correlationId,
  });
  return user;
}
