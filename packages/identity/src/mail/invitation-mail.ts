import type { MailMessage } from './create-mailer';
import { buildActionUrl, renderActionMail } from './render-action-mail';

export interface InvitationMailInput {
  to: string;
  workspaceName: string;
  /** PLATFORM_PUBLIC_BASE_URL, passed in by the caller. */
  baseUrl: string;
  token: string;
  expiresInHours: number;
}

/**
 * The invitation to a workspace, for a new address and an existing account alike (the inviter
 * learns nothing of which): at `/set-password` a new user chooses a password, an existing
 * account confirms with its own.
 */
export function invitationMail(input: InvitationMailInput): MailMessage {
  return renderActionMail({
    to: input.to,
    subject: `You are invited to ${input.workspaceName}`,
    intro: [
      `You have been invited to join ${input.workspaceName}.`,
      'Open the link to accept it: choose a password if you are new here, or confirm with your password if you already have an account.',
    ],
    actionLabel: 'Accept the invitation',
    actionUrl: buildActionUrl(input.baseUrl, 'set-password', input.token),
    outro: [
      `The link works once and expires in ${input.expiresInHours} hours.`,
      'If you did not expect this invitation, you can ignore this message.',
    ],
  });
}
