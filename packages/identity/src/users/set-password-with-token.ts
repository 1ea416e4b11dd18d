import type { Db } from '@aiconnected/db';
import type { AuthRateLimiter } from '../auth/create-auth-rate-limiter';
import { assertPasswordAcceptable } from '../crypto/assert-password-acceptable';
import { consumeToken } from '../tokens/consume-token';
import { countInvitationPassword } from './count-invitation-password';
import { recordOwnAction } from './record-own-action';
import { redeemInvitation } from './redeem-invitation';
import { setPasswordFromLink } from './set-password-from-link';
import type { PasswordSet } from '@aiconnected/sdk-contracts';

export interface SetPasswordWithTokenInput {
  /** The token of a password reset or invitation link (`/set-password?token=`). */
  token: string;
  newPassword: string;
  correlationId?: string;
  /** The sign-in per-account failure limiter: an invited existing account's wrong passwords count there. */
  failureLimiter: AuthRateLimiter;
}

/**
 * `POST /auth/password/set`: spends a reset token, sets the new password and revokes the
 * user's sessions; an invitation token is accepted as `acceptInvitation` does
 * (`redeemInvitation`: `newPassword` is an existing account's current password). A password
 * the policy refuses (`VALIDATION_BLOCKING`) rolls everything back, so the link stays usable;
 * an unknown, used or expired link is `SESSION_INVALID`. An invited existing account's
 * attempts count against `failureLimiter` (`countInvitationPassword`).
 */
export async function setPasswordWithToken(
  db: Db,
  input: SetPasswordWithTokenInput,
): Promise<PasswordSet> {
  return countInvitationPassword(db, input.failureLimiter, input.token, () =>
    db.withService('identity: set a password from an emailed link', async (tx) => {
      const token = await consumeToken(tx, {
        purpose: ['password_reset', 'invitation'],
        token: input.token,
      });
      const correlationId = input.correlationId ?? null;
      if (token.purpose === 'invitation') {
        await redeemInvitation(tx, { token, password: input.newPassword, correlationId });
        return { reset_status: 'completed' } as const;
      }
      assertPasswordAcceptable(input.newPassword);
      await setPasswordFromLink(tx, { userId: token.user_id, password: input.newPassword });
      await recordOwnAction(tx, {
        userId: token.user_id,
        workspaceId: token.workspace_id,
        action: 'user.password_reset_completed',
        correlationId,
      });
      return { reset_status: 'completed' } as const;
    }),
  );
}
