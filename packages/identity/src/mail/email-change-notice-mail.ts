import type { MailMessage } from './create-mailer';
import { buildActionUrl, renderActionMail } from './render-action-mail';

export interface EmailChangeNoticeMailInput {
  /** The account's current (old) address. */
  to: string;
  /** The address the account would move to. */
  newEmail: string;
  /** PLATFORM_PUBLIC_BASE_URL, passed in by the caller. */
  baseUrl: string;
  /** The `email_change_cancel` token. */
  token: string;
  expiresInHours: number;
}

/**
 * The notice to the OLD address that a change of the account's address was requested, with
 * a link (`/cancel-email-change`) that cancels it while it is pending: a takeover by email
 * change never goes unnoticed by the owner.
 */
export function emailChangeNoticeMail(input: EmailChangeNoticeMailInput): MailMessage {
  return renderActionMail({
    to: input.to,
    subject: 'Your account’s email address is about to change',
    intro: [
      `A change of your account’s email address to ${input.newEmail} was requested.`,
      'It takes effect once the new address is confirmed. If you did not expect this, cancel it now and tell your administrator.',
    ],
    actionLabel: 'Cancel the change',
    actionUrl: buildActionUrl(input.baseUrl, 'cancel-email-change', input.token),
    outro: [`The link works while the change is pending, for ${input.expiresInHours} hours.`],
  });
}
