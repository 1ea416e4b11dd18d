import type { MailMessage } from './create-mailer';

export interface ActionMailInput {
  to: string;
  subject: string;
  /** Paragraphs before the link, plain text (escaped for the html part). */
  intro: string[];
  actionLabel: string;
  actionUrl: string;
  /** Paragraphs after the link, e.g. when it expires and what to do if unexpected. */
  outro: string[];
}

/** `path` under `baseUrl` (PLATFORM_PUBLIC_BASE_URL), which may itself carry a path prefix. */
export function buildPlatformUrl(baseUrl: string, path: string): URL {
  return new URL(path, `${baseUrl.replace(/\/+$/, '')}/`);
}

/** The link of an emailed action: `baseUrl` + path + the token. */
export function buildActionUrl(baseUrl: string, path: string, token: string): string {
  const url = buildPlatformUrl(baseUrl, path);
  url.searchParams.set('token', token);
  return url.toString();
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an html body (names in mail come from users). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/**
 * Renders a message whose point is one link (invitation, reset, verification) as plain text
 * and simple html. Workspace and display names come from users, so the html escapes them.
 */
export function renderActionMail(input: ActionMailInput): MailMessage {
  const text = [...input.intro, `${input.actionLabel}: ${input.actionUrl}`, ...input.outro].join(
    '\n\n',
  );
  const paragraphs = (lines: string[]) =>
    lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('');
  const url = escapeHtml(input.actionUrl);
  const html =
    `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">` +
    paragraphs(input.intro) +
    `<p><a href="${url}">${escapeHtml(input.actionLabel)}</a></p>` +
    `<p style="font-size:small">If the link does not open, copy this address into your browser: ${url}</p>` +
    paragraphs(input.outro) +
    `</body></html>`;
  return { to: input.to, subject: input.subject, text, html };
}
