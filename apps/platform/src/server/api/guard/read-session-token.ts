import type { Context } from 'hono';
import { parse } from 'hono/utils/cookie';
import { SESSION_COOKIE } from './session-cookie';

/** A session token and where the request carried it (CSRF rules differ by source). */
export interface PresentedToken {
  token: string;
  source: 'bearer' | 'cookie';
}

/** What the guard reads of a request: Hono's `c.req`, or the gateway's Node listener's. */
export interface RequestHead {
  method: string;
  /** A request header's value (values of one name joined), undefined when absent. */
  header(name: string): string | undefined;
}

// Everything after the scheme: a malformed credential is still a presented (invalid) token.
const BEARER = /^Bearer[ \t]+(.*?)[ \t]*$/i;

/**
 * The session token of a request: `Authorization: Bearer <token>` when present (an API
 * client chose it explicitly), else the `shell_session` cookie; null when neither is there.
 */
export function readSessionToken(c: Context): PresentedToken | null {
  return presentedToken(c.req);
}

/** `readSessionToken` of a request's head. */
export function presentedToken(request: RequestHead): PresentedToken | null {
  const authorization = request.header('authorization');
  const bearer = authorization ? BEARER.exec(authorization)?.[1] : undefined;
  if (bearer) return { token: bearer, source: 'bearer' };
  const cookies = request.header('cookie');
  const cookie = cookies ? parse(cookies, SESSION_COOKIE)[SESSION_COOKIE] : undefined;
  if (cookie) return { token: cookie, source: 'cookie' };
  return null;
}
