import type { MailMessage } from './create-mailer';
import { buildPlatformUrl, escapeHtml } from './render-action-mail';

export interface EmailTakenNoticeMailInput {
  /** The address someone asked to move another account to, which has its own account. */
  to: string;
  /** PLATFORM_PUBLIC_BASE_URL, passed in by the caller. */
  baseUrl: string;
}

/**
 * Sent instead of a verification link when the new address of an email change already has an
 * account: its owner hears of it, the requester gets the same answer as for a free address.
 */
export function emailTakenNoticeMail(input: EmailTakenNoticeMailInput): MailMessage {
  const signInUrl = buildPlatformUrl(input.baseUrl, 'sign-in').toString();
  const lines = [
    'Someone asked to move another account to this email address. It already belongs to your account, so nothing changed.',
    'If you expected this, sign in with this address instead. If not, you can ignore this message.',
  ];
  const html =
    `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">` +
    lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('') +
    `<p><a href="${escapeHtml(signInUrl)}">Sign in</a></p></body></html>`;
  return {
    to: input.to,
    subject: 'An email change named your address',
    text: [...lines, `Sign in: ${signInUrl}`].join('\n\n'),
    html,
  };
}
