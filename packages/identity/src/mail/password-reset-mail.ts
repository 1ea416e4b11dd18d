import type { MailMessage } from './create-mailer';
import { buildActionUrl, renderActionMail } from './render-action-mail';

export interface PasswordResetMailInput {
  to: string;
  /** PLATFORM_PUBLIC_BASE_URL, passed in by the caller. */
  baseUrl: string;
  token: string;
  expiresInMinutes: number;
}

/** A password reset link (self-service or sent by an administrator) to `/set-password`. */
export function passwordResetMail(input: PasswordResetMailInput): MailMessage {
  return renderActionMail({
    to: input.to,
    subject: 'Reset your password',
    intro: ['A password reset was requested for your account.'],
    actionLabel: 'Choose a new password',
    actionUrl: buildActionUrl(input.baseUrl, 'set-password', input.token),
    outro: [
      `The link works once and expires in ${input.expiresInMinutes} minutes.`,
      'If you did not ask for this, ignore this message: your password stays as it is.',
    ],
  });
}
