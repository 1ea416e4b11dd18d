import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { SESSION_COOKIE } from './session-cookie';

/** A session token and where the request carried it (CSRF rules differ by source). */
export interface PresentedToken {
  token: string;
  source: 'bearer' | 'cookie';
}

// Everything after the scheme: a malformed credential is still a presented (invalid) token.
const BEARER = /^Bearer[ \t]+(.*?)[ \t]*$/i;

/**
 * The session token of a request: `Authorization: Bearer <token>` when present (an API
 * client chose it explicitly), else the `shell_session` cookie; null when neither is there.
 */
export function readSessionToken(c: Context): PresentedToken | null {
  const authorization = c.req.header('authorization');
  const bearer = authorization ? BEARER.exec(authorization)?.[1] : undefined;
  if (bearer) return { token: bearer, source: 'bearer' };
  const cookie = getCookie(c, SESSION_COOKIE);
  if (cookie) return { token: cookie, source: 'cookie' };
  return null;
}
