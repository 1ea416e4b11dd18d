import type { Db } from '@aiconnected/db';
import { assertPasswordAcceptable } from '../crypto/assert-password-acceptable';
import { consumeToken } from '../tokens/consume-token';
import { recordOwnAction } from './record-own-action';
import { setPasswordFromLink } from './set-password-from-link';

export interface SetPasswordWithTokenInput {
  /** The token of a password reset or invitation link (`/set-password?token=`). */
  token: string;
  newPassword: string;
  correlationId?: string;
}

/**
 * `POST /auth/password/set`: spends a reset (or invitation) token, sets the new password and
 * revokes the user's sessions; an invited user becomes active. The password policy
 * (`VALIDATION_BLOCKING`) is checked before the token is touched; an unknown, used or expired
 * link is `SESSION_INVALID`.
 */
export async function setPasswordWithToken(
  db: Db,
  input: SetPasswordWithTokenInput,
): Promise<{ reset_status: 'completed' }> {
  assertPasswordAcceptable(input.newPassword);
  return db.withService('identity: set a password from an emailed link', async (tx) => {
    const token = await consumeToken(tx, {
      purpose: ['password_reset', 'invitation'],
      token: input.token,
    });
    await setPasswordFromLink(tx, { userId: token.user_id, password: input.newPassword });
    await recordOwnAction(tx, {
      userId: token.user_id,
      workspaceId: token.workspace_id,
      action:
        token.purpose === 'invitation'
          ? 'user.invitation_accepted'
          : 'user.password_reset_completed',
      correlationId: input.correlationId ?? null,
    });
    return { reset_status: 'completed' } as const;
  });
}
