import type { MailMessage } from './create-mailer';
import { buildActionUrl, renderActionMail } from './render-action-mail';

export interface EmailVerificationMailInput {
  /** The new address: only its owner can confirm the change. */
  to: string;
  /** PLATFORM_PUBLIC_BASE_URL, passed in by the caller. */
  baseUrl: string;
  token: string;
  expiresInHours: number;
}

/** The link that confirms a new email address (`/verify-email`); the address changes only then. */
export function emailVerificationMail(input: EmailVerificationMailInput): MailMessage {
  return renderActionMail({
    to: input.to,
    subject: 'Confirm your new email address',
    intro: [`Confirm that ${input.to} should become the email address of your account.`],
    actionLabel: 'Confirm the address',
    actionUrl: buildActionUrl(input.baseUrl, 'verify-email', input.token),
    outro: [
      `The link works once and expires in ${input.expiresInHours} hours.`,
      'If you did not ask for this, ignore this message: nothing changes.',
    ],
  });
}
