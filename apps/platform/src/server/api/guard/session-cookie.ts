import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';
import { normalizeRequestHost } from '@aiconnected/branding';
import type { ApiConfig } from './config';

/** The name of the session cookie (docs/identity.md). */
export const SESSION_COOKIE = 'shell_session';

type CookieConfig = Pick<ApiConfig, 'baseUrl' | 'cookieDomain' | 'sessionTtlHours'>;

/**
 * The session cookie's attributes: httpOnly so scripts never read the token, `SameSite=Lax`
 * so cross-site subrequests do not carry it, `Secure` whenever the site is served over https,
 * and a `Domain` only when the request's host is the product's own: the base URL's host or
 * the cookie domain itself (and that host lies in the domain; browsers refuse
 * `Domain=localhost`). Anywhere else (a custom domain, a workspace's `<slug>.<root>` platform
 * host, an allowed origin) the cookie is host-only, so a session set on one tenant's host is
 * never sent to another's (PRD §36.3).
 */
function cookieOptions(c: Context, config: CookieConfig): CookieOptions {
  const domain = config.cookieDomain.replace(/^\./, '').toLowerCase();
  const host = normalizeRequestHost(c.req.header('host') ?? new URL(c.req.url).host);
  const own = host === domain || host === new URL(config.baseUrl).hostname.toLowerCase();
  const shared =
    domain !== 'localhost' &&
    own &&
    host !== null &&
    (host === domain || host.endsWith(`.${domain}`));
  return {
    httpOnly: true,
    sameSite: 'Lax',
    secure: new URL(config.baseUrl).protocol === 'https:',
    path: '/',
    ...(shared ? { domain } : {}),
  };
}

/** Sets and clears the `shell_session` cookie with the deployment's attributes. */
export const sessionCookie = {
  /** Sets the cookie to `token` for `SESSION_TTL_HOURS`. */
  set(c: Context, token: string, config: CookieConfig): void {
    setCookie(c, SESSION_COOKIE, token, {
      ...cookieOptions(c, config),
      maxAge: config.sessionTtlHours * 3600,
    });
  },
  /** Expires the cookie (same Domain and Path, or the browser would keep it). */
  clear(c: Context, config: CookieConfig): void {
    deleteCookie(c, SESSION_COOKIE, cookieOptions(c, config));
  },
};
