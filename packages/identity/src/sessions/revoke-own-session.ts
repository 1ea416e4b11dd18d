import type { Db } from '@aiconnected/db';
import { ShellError } from '@aiconnected/sdk-contracts';
import { revokeSession } from './revoke-session';

export interface RevokeOwnSessionInput {
  /** The user asking: only their own sessions can be revoked. */
  userId: string;
  sessionId: string;
}

/**
 * Revokes one of the signed-in user's live sessions (`DELETE /auth/sessions/{id}`, e.g. a lost
 * device). Another user's session, an unknown one or one already revoked is `NOT_FOUND`: the
 * answer does not tell them apart.
 */
export async function revokeOwnSession(db: Db, input: RevokeOwnSessionInput): Promise<void> {
  const revoked = await db.withService('auth: revoke own session', (tx) =>
    revokeSession(tx, { sessionId: input.sessionId, userId: input.userId }),
  );
  if (!revoked) {
    throw new ShellError(
      'NOT_FOUND',
      `session ${input.sessionId} is not a live session of user ${input.userId}`,
    );
  }
}
