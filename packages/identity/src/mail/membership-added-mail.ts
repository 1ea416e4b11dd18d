import type { MailMessage } from './create-mailer';
import { buildPlatformUrl, escapeHtml } from './render-action-mail';

export interface MembershipAddedMailInput {
  to: string;
  workspaceName: string;
  /** PLATFORM_PUBLIC_BASE_URL, passed in by the caller. */
  baseUrl: string;
}

/** The notice to an existing user who was added to another workspace (no token: they sign in). */
export function membershipAddedMail(input: MembershipAddedMailInput): MailMessage {
  const signInUrl = buildPlatformUrl(input.baseUrl, 'sign-in').toString();
  const text = [
    `You now have access to ${input.workspaceName}.`,
    `Sign in to open it: ${signInUrl}`,
  ].join('\n\n');
  const html =
    `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">` +
    `<p>You now have access to ${escapeHtml(input.workspaceName)}.</p>` +
    `<p><a href="${escapeHtml(signInUrl)}">Sign in</a></p></body></html>`;
  return { to: input.to, subject: `You now have access to ${input.workspaceName}`, text, html };
}
