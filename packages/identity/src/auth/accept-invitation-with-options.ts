import type { Db } from '@aiconnected/db';
import type { InvitationAccepted } from '@aiconnected/sdk-contracts';
import {
  acceptInvitationAndSignIn,
  type AcceptInvitationAndSignInInput,
} from './accept-invitation-and-sign-in';
import { describeStartedSession } from './describe-started-session';

/**
 * `POST /auth/invitations/accept`: accepts the invitation and signs the person in
 * (`acceptInvitationAndSignIn`), answering as a sign-in does: the session, its token and the
 * workspaces to pick from.
 */
export async function acceptInvitationWithOptions(
  db: Db,
  input: AcceptInvitationAndSignInInput,
): Promise<InvitationAccepted> {
  const accepted = await acceptInvitationAndSignIn(db, input);
  return { status: 'accepted', ...(await describeStartedSession(db, accepted)) };
}
