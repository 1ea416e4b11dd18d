import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  foreignRequests,
  gotoSettled,
  saveScreenshot,
  watchContext,
  type WatchedContext,
} from './support/browser';
import { startE2eApp, type E2eApp } from './support/e2e-app';
import { fillSignIn, seedDemo, waitForHeading } from './support/identity-steps';

// The pages under their Content-Security-Policy in Chromium (scripts by a per-load nonce,
// no 'unsafe-inline'): they still run (sign-in, the dashboard, client navigation, the theme
// script) with no violation in the console, and a hostile `next` never
// takes a signed-in browser off the site.
describe('pages under the security headers', () => {
  let app: E2eApp | undefined;
  let watched: WatchedContext;

  beforeAll(async () => {
    app = await startE2eApp({ seed: seedDemo });
    watched = await watchContext(app.browser, app.baseUrl);
  });
  afterAll(async () => {
    await watched?.context.close();
    await app?.stop();
  });

  it('sends CSP with frame-ancestors, nosniff and Referrer-Policy on a page', async () => {
    const page = await watched.newPage();
    const response = await gotoSettled(page, `${app?.baseUrl}/sign-in`);
    const headers = response?.headers() ?? {};
    expect(headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    // Scripts run by this load's nonce only: no 'unsafe-inline' for them.
    const scriptSrc = /script-src ([^;]*)/.exec(headers['content-security-policy'] ?? '')?.[1];
    expect(scriptSrc).toMatch(/^'self' 'nonce-[A-Za-z0-9+/]+=*' 'strict-dynamic'$/);
    // Next's and next-themes' inline scripts carry it.
    const nonce = /'nonce-([^']+)'/.exec(scriptSrc ?? '')?.[1];
    const nonces = await page.$$eval('script:not([src])', (scripts) =>
      scripts.map((script) => (script as HTMLScriptElement).nonce),
    );
    expect(nonces.length).toBeGreaterThan(0);
    expect(new Set(nonces)).toStrictEqual(new Set([nonce]));
    const again = await gotoSettled(page, `${app?.baseUrl}/sign-in`);
    expect(again?.headers()['content-security-policy']).not.toContain(`'nonce-${nonce}'`);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('same-origin');
    expect(headers['x-frame-options']).toBe('SAMEORIGIN');
    await page.close();
  });

  it('signs in and navigates with no CSP violation, and the sign-in answer is not stored', async () => {
    const page = await watched.newPage();
    await gotoSettled(page, `${app?.baseUrl}/sign-in`);
    const signInAnswer = page.waitForResponse((response) =>
      response.url().endsWith('/api/auth/sign-in'),
    );
    await fillSignIn(page, 'super@demo.local');
    const answer = await signInAnswer;
    expect(answer.status()).toBe(200);
    expect(answer.headers()['cache-control']).toBe('no-store');
    await waitForHeading(page, /.+/);
    await page.getByRole('link', { name: 'Audit log' }).first().click();
    await waitForHeading(page, 'Audit log');
    await saveScreenshot(page, 'security-headers-signed-in');
    expect(watched.consoleErrors).toStrictEqual([]);
    expect(
      foreignRequests({ requests: watched.requests, origin: app?.baseUrl ?? '' }),
    ).toStrictEqual([]);
    await page.close();
  });

  it.each(['/%09/evil.example', '/%0a/evil.example', '/%0d/evil.example'])(
    'answers a signed-in /sign-in?next=%s with the 400 page, never another host',
    async (next) => {
      const page = await watched.newPage();
      const response = await page.goto(`${app?.baseUrl}/sign-in?next=${next}`);
      expect(response?.status()).toBe(400);
      await waitForHeading(page, 'Malformed link');
      expect(new URL(page.url()).origin).toBe(app?.baseUrl);
      await page.close();
    },
  );

  it.each(['/dev/mailbox?to=%00', '/users?q=a%0ab', '/sign-in?%01=x'])(
    'answers %s (a control character in another parameter) with the 400 page',
    async (path) => {
      const page = await watched.newPage();
      const response = await page.goto(`${app?.baseUrl}${path}`);
      expect(response?.status()).toBe(400);
      await waitForHeading(page, 'Malformed link');
      await page.close();
    },
  );

  it.each(['//evil.example', '/\\evil.example', '/%EF%BC%8F/evil.example'])(
    'keeps a signed-in browser on the site for /sign-in?next=%s',
    async (next) => {
      const page = await watched.newPage();
      await gotoSettled(page, `${app?.baseUrl}/sign-in?next=${next}`);
      expect(new URL(page.url()).origin).toBe(app?.baseUrl);
      await page.close();
    },
  );
});
