import type { Tx } from '@aiconnected/db';

/**
 * Revokes every live session of a user (suspension, password reset, email change) and
 * returns how many were revoked.
 */
export async function revokeUserSessions(tx: Tx, userId: string): Promise<number> {
  const { rowCount } = await tx.query(
    'update public.sessions set revoked_at = now() where user_id = $1 and revoked_at is null',
    [userId],
  );
  return rowCount ?? 0;
}
