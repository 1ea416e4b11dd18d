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

/** The invitation of a new user: accepting it at `/set-password` sets their password. */
export function invitationMail(input: InvitationMailInput): MailMessage {
  return renderActionMail({
    to: input.to,
    subject: `You are invited to ${input.workspaceName}`,
    intro: [
      `You have been invited to join ${input.workspaceName}.`,
      'Choose a password to accept the invitation.',
    ],
    actionLabel: 'Accept the invitation',
    actionUrl: buildActionUrl(input.baseUrl, 'set-password', input.token),
    outro: [
      `The link works once and expires in ${input.expiresInHours} hours.`,
      'If you did not expect this invitation, you can ignore this message.',
    ],
  });
}
