import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';
import type { ApiConfig } from './config';

/** The name of the session cookie (docs/identity.md). */
export const SESSION_COOKIE = 'shell_session';

type CookieConfig = Pick<ApiConfig, 'baseUrl' | 'cookieDomain' | 'sessionTtlHours'>;

/**
 * The session cookie's attributes: httpOnly so scripts never read the token, `SameSite=Lax`
 * so cross-site subrequests do not carry it, `Secure` whenever the site is served over https,
 * and a `Domain` only for real host names (browsers refuse `Domain=localhost`).
 */
function cookieOptions(config: CookieConfig): CookieOptions {
  const domain = config.cookieDomain.replace(/^\./, '');
  return {
    httpOnly: true,
    sameSite: 'Lax',
    secure: new URL(config.baseUrl).protocol === 'https:',
    path: '/',
    ...(domain === 'localhost' ? {} : { domain }),
  };
}

/** Sets and clears the `shell_session` cookie with the deployment's attributes. */
export const sessionCookie = {
  /** Sets the cookie to `token` for `SESSION_TTL_HOURS`. */
  set(c: Context, token: string, config: CookieConfig): void {
    setCookie(c, SESSION_COOKIE, token, {
      ...cookieOptions(config),
      maxAge: config.sessionTtlHours * 3600,
    });
  },
  /** Expires the cookie (same Domain and Path, or the browser would keep it). */
  clear(c: Context, config: CookieConfig): void {
    deleteCookie(c, SESSION_COOKIE, cookieOptions(config));
  },
};
