import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MailboxEmptyState } from './mailbox-empty-state';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
/** Each link's address and text, in order. */
const links = (html: string) =>
  [...html.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map(([, href, label]) => ({
    href,
    label,
  }));

describe('the dev mailbox’s empty state', () => {
  it('is a status with an h2 under the page’s h1, says what arrives here and offers Check again', () => {
    const html = renderToStaticMarkup(createElement(MailboxEmptyState, {}));
    expect(html).toMatch(/^<div [^>]*role="status"/);
    expect(html).toContain('>No messages yet</h2>');
    expect(text(html)).toContain(
      'Invitations, password reset links and email address checks sent while running locally show up here instead of leaving this machine. Invite someone or ask for a reset link, then check again.',
    );
    expect(links(html)).toStrictEqual([{ href: '/dev/mailbox', label: 'Check again' }]);
  });

  it('names the recipient when filtered, checks that filter again and offers every message', () => {
    const html = renderToStaticMarkup(
      createElement(MailboxEmptyState, { to: 'new+user@demo.local' }),
    );
    expect(text(html)).toContain('No messages to new+user@demo.local yet');
    // The address may break anywhere: a long one stays inside a 390 px phone.
    expect(html).toContain('<span class="break-all">new+user@demo.local</span>');
    expect(links(html)).toStrictEqual([
      { href: '/dev/mailbox?to=new%2Buser%40demo.local', label: 'Check again' },
      { href: '/dev/mailbox', label: 'Show all messages' },
    ]);
  });
});
