import type { Db } from '@aiconnected/db';
import { ShellError } from '@aiconnected/sdk-contracts';
import type { AuthRateLimiter } from '../auth/create-auth-rate-limiter';
import { hashToken, isTokenShaped } from '../crypto/hash-token';

/**
 * Runs `redeem`, which spends the invitation link `token` and, for an existing account, checks
 * its CURRENT password (`redeemInvitation`), counting the attempt against `limiter`, the
 * sign-in per-account failure limiter (key `email:<the account's address>`, shared with
 * `signIn`): an invitation link must not be a way to guess an account's password without a
 * limit. As sign-in does, the attempt is counted before the password is checked
 * (`RATE_LIMITED` once the allowance is used up), a success forgets the account's failures,
 * and only a wrong password stays counted. Links of a new account (no password yet), other
 * links and unusable ones run `redeem` uncounted (it answers for them). The limiter is used
 * outside any transaction (it takes its own pool connection).
 */
export async function countInvitationPassword<T>(
  db: Db,
  limiter: AuthRateLimiter,
  token: string,
  redeem: () => Promise<T>,
): Promise<T> {
  const accountKey = await passwordAccountKey(db, token);
  if (accountKey === null) return redeem();
  const counted = await limiter.consume(accountKey);
  let result: T;
  try {
    result = await redeem();
  } catch (error) {
    const wrongPassword =
      error instanceof ShellError &&
      error.code === 'AUTH_REQUIRED' &&
      error.details.reason === 'wrong_password';
    if (!wrongPassword) await counted.refund();
    throw error;
  }
  await limiter.reset(accountKey);
  return result;
}

/** `email:<address>` of the account a usable invitation link is for, when it has a password. */
async function passwordAccountKey(db: Db, token: string): Promise<string | null> {
  if (!isTokenShaped(token)) return null;
  const { rows } = await db.withService('identity: whose password an invitation checks', (tx) =>
    tx.query<{ email: string }>(
      `select u.email
         from public.auth_tokens t
         join public.users u on u.id = t.user_id
         join public.user_credentials c on c.user_id = u.id
        where t.token_hash = $1 and t.purpose = 'invitation' and t.used_at is null
          and t.expires_at > now()`,
      [hashToken(token)],
    ),
  );
  const email = rows[0]?.email;
  return email === undefined ? null : `email:${email}`;
}
