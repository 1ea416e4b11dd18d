import type { Tx } from '@aiconnected/db';
import { assertPasswordAcceptable } from '../crypto/assert-password-acceptable';
import { hashPassword } from '../crypto/hash-password';

export interface SetPasswordInput {
  userId: string;
  password: string;
}

/**
 * Sets the user's local password (creates or replaces `user_credentials`), after the
 * password policy (`VALIDATION_BLOCKING`, field `new_password`). Runs in the caller's
 * `withService` transaction, so the token that authorised it is spent in the same commit.
 * Revoking other sessions is the caller's decision (reset does, invitation has none).
 */
export async function setPassword(tx: Tx, input: SetPasswordInput): Promise<void> {
  assertPasswordAcceptable(input.password);
  const passwordHash = await hashPassword(input.password);
  await tx.query(
    `insert into public.user_credentials (user_id, password_hash, password_updated_at)
     values ($1, $2, now())
     on conflict (user_id) do update
       set password_hash = excluded.password_hash, password_updated_at = excluded.password_updated_at`,
    [input.userId, passwordHash],
  );
}
