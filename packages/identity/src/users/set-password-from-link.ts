import type { Tx } from '@aiconnected/db';
import { ShellError } from '@aiconnected/sdk-contracts';
import { setPassword } from '../auth/set-password';
import { revokeUserSessions } from '../sessions/revoke-user-sessions';
import { INVALID_LINK_MESSAGE } from '../tokens/consume-token';
import { USER_COLUMNS, type UserRow } from './user-record';

export interface SetPasswordFromLinkInput {
  userId: string;
  password: string;
  displayName?: string;
}

/**
 * What an invitation or reset link does once its token is spent, in the same service
 * transaction: sets the password, makes an invited user active, and revokes every session of
 * the user (whoever held one, it was not proven by this mailbox). A suspended user's link
 * answers as an invalid link: the link must not reactivate or unlock the account.
 */
export async function setPasswordFromLink(
  tx: Tx,
  input: SetPasswordFromLinkInput,
): Promise<UserRow> {
  const { rows } = await tx.query<{ status: string }>(
    'select status from public.users where id = $1 for update',
    [input.userId],
  );
  const status = rows[0]?.status;
  if (status === undefined || status === 'suspended') {
    throw new ShellError(
      'SESSION_INVALID',
      `link of user ${input.userId} with status ${status ?? 'missing'}`,
      {
        userMessage: INVALID_LINK_MESSAGE,
      },
    );
  }
  await setPassword(tx, { userId: input.userId, password: input.password });
  const updated = await tx.query<UserRow>(
    `update public.users u
        set status = 'active', display_name = coalesce($2, u.display_name)
      where u.id = $1
      returning ${USER_COLUMNS}`,
    [input.userId, input.displayName ?? null],
  );
  await revokeUserSessions(tx, input.userId);
  const user = updated.rows[0];
  if (!user) throw new Error(`user ${input.userId} vanished while setting the password`);
  return user;
}
