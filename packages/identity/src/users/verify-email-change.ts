import type { Db } from '@aiconnected/db';
import { consumeToken } from '../tokens/consume-token';
import { recordOwnAction } from './record-own-action';
import { translateWriteError } from '@aiconnected/access';
import { emailTaken, USER_WRITE_CONFLICTS } from './user-errors';
import { toUserRecord, USER_COLUMNS, type UserRow } from './user-record';
import type { User } from '@aiconnected/sdk-contracts';

export interface VerifyEmailChangeInput {
  /** The token of the verification link sent to the new address. */
  token: string;
  correlationId?: string;
}

/**
 * `POST /auth/email/verify`: spends the verification token and moves the account to the
 * verified address (`CONFLICT` when another account took it meanwhile; the link stays
 * usable then, in case the address is freed). Pending password reset links, sent to the old
 * address, stop working, and so does the cancel link mailed there. Audited as
 * `user.email_change_verified`.
 */
export async function verifyEmailChange(
  db: Db,
  input: VerifyEmailChangeInput,
): Promise<{ user: User }> {
  return db.withService('identity: verify an email change', async (tx) => {
    const token = await consumeToken(tx, { purpose: 'email_verification', token: input.token });
    const newEmail = token.new_email ?? '';
    const taken = await tx.query('select 1 from public.users where email = $1 and id <> $2', [
      newEmail,
      token.user_id,
    ]);
    if ((taken.rowCount ?? 0) > 0) throw emailTaken('new_email');
    const { rows } = await tx
      .query<UserRow & { old_email: string }>(
        `update public.users u set email = $2
           from public.users old
          where u.id = $1 and old.id = u.id
          returning ${USER_COLUMNS}, old.email as old_email`,
        [token.user_id, newEmail],
      )
      .catch((error: unknown) =>
        translateWriteError(error, 'verifying an email change', USER_WRITE_CONFLICTS),
      );
    const row = rows[0];
    if (!row) throw new Error(`user ${token.user_id} of a verification token vanished`);
    // Reset links went to the old address; the change is no longer pending, so nothing to cancel.
    await tx.query(
      `delete from public.auth_tokens
        where user_id = $1 and purpose in ('password_reset', 'email_change_cancel') and used_at is null`,
      [token.user_id],
    );
    const { old_email: oldEmail, ...user } = row;
    await recordOwnAction(tx, {
      userId: user.id,
      workspaceId: token.workspace_id,
      action: 'user.email_change_verified',
      metadata: { old_email: oldEmail, new_email: user.email },
      correlationId: input.correlationId ?? null,
    });
    return { user: toUserRecord(user) };
  });
}
