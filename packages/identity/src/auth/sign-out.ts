import type { Db } from '@aiconnected/db';
import { hashToken } from '../crypto/hash-token';

/**
 * Revokes the session of `token` (sign-out). Idempotent: false when the token matches no
 * live session (unknown, expired or already signed out).
 */
export async function signOut(db: Db, input: { token: string }): Promise<boolean> {
  return db.withService('auth: sign out', async (tx) => {
    const { rowCount } = await tx.query(
      `update public.sessions set revoked_at = now()
        where token_hash = $1 and revoked_at is null and expires_at > now()`,
      [hashToken(input.token)],
    );
    return (rowCount ?? 0) > 0;
  });
}
