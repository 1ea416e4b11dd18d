import type { Db } from '@aiconnected/db';
import type { AuthRateLimiter } from '../auth/create-auth-rate-limiter';
import { consumeToken } from '../tokens/consume-token';
import { countInvitationPassword } from './count-invitation-password';
import { requireDisplayName } from './display-name';
import { redeemInvitation } from './redeem-invitation';
import { toUserRecord } from './user-record';
import type { User } from '@aiconnected/sdk-contracts';

export interface AcceptInvitationInput {
  /** The token of the invitation link. */
  token: string;
  /** A new account's new password, or an existing account's current one. */
  password: string;
  displayName?: string;
  correlationId?: string;
  /** The sign-in per-account failure limiter: an existing account's wrong passwords count there. */
  failureLimiter: AuthRateLimiter;
}

export interface AcceptInvitationResult {
  user: User;
  /** The workspace the invitation was for: where the user starts. */
  workspace_id: string | null;
}

/**
 * `POST /auth/invitations/accept`: spends the invitation token and accepts it
 * (`redeemInvitation`): a new account sets its password and becomes active, an existing one
 * confirms with its current password; either way the invitation's membership is created.
 * Nothing changes when any check fails, and the link stays usable. An unknown, used or
 * expired link is `SESSION_INVALID`. An existing account's attempts count against
 * `failureLimiter` (`countInvitationPassword`).
 */
export async function acceptInvitation(
  db: Db,
  input: AcceptInvitationInput,
): Promise<AcceptInvitationResult> {
  const displayName =
    input.displayName === undefined ? undefined : requireDisplayName(input.displayName);
  return countInvitationPassword(db, input.failureLimiter, input.token, () =>
    db.withService('identity: accept an invitation', async (tx) => {
      const token = await consumeToken(tx, { purpose: 'invitation', token: input.token });
      const user = await redeemInvitation(tx, {
        token,
        password: input.password,
        displayName,
        correlationId: input.correlationId ?? null,
      });
      return { user: toUserRecord(user), workspace_id: token.workspace_id };
    }),
  );
}
