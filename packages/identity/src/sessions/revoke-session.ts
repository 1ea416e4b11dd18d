import type { Tx } from '@aiconnected/db';

export interface RevokeSessionInput {
  sessionId: string;
  /** The session's owner: a user revokes only their own sessions. */
  userId: string;
}

/** Revokes one of the user's own sessions; false when it is not theirs or already revoked. */
export async function revokeSession(tx: Tx, input: RevokeSessionInput): Promise<boolean> {
  const { rowCount } = await tx.query(
    `update public.sessions set revoked_at = now()
      where id = $1 and user_id = $2 and revoked_at is null`,
    [input.sessionId, input.userId],
  );
  return (rowCount ?? 0) > 0;
}
