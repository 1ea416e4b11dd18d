import type { Db } from '@aiconnected/db';
import { assertPasswordAcceptable } from '../crypto/assert-password-acceptable';
import { consumeToken } from '../tokens/consume-token';
import { requireDisplayName } from './display-name';
import { recordOwnAction } from './record-own-action';
import { setPasswordFromLink } from './set-password-from-link';
import { toUserRecord, type UserRecord } from './user-record';

export interface AcceptInvitationInput {
  /** The token of the invitation link. */
  token: string;
  password: string;
  displayName?: string;
  correlationId?: string;
}

export interface AcceptInvitationResult {
  user: UserRecord;
  /** The workspace the invitation was for: where the new user starts. */
  workspace_id: string | null;
}

/**
 * `POST /auth/invitations/accept`: spends the invitation token, sets the password, makes the
 * user active and audits `user.invitation_accepted`. The password policy is checked before
 * the token is touched, so a rejected password leaves the link usable. An unknown, used or
 * expired link is `SESSION_INVALID`.
 */
export async function acceptInvitation(
  db: Db,
  input: AcceptInvitationInput,
): Promise<AcceptInvitationResult> {
  assertPasswordAcceptable(input.password);
  const displayName =
    input.displayName === undefined ? undefined : requireDisplayName(input.displayName);
  return db.withService('identity: accept an invitation', async (tx) => {
    const token = await consumeToken(tx, { purpose: 'invitation', token: input.token });
    const user = await setPasswordFromLink(tx, {
      userId: token.user_id,
      password: input.password,
      displayName,
    });
    await recordOwnAction(tx, {
      userId: user.id,
      workspaceId: token.workspace_id,
      action: 'user.invitation_accepted',
      correlationId: input.correlationId ?? null,
    });
    return { user: toUserRecord(user), workspace_id: token.workspace_id };
  });
}
