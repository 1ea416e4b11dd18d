import type { IncomingMessage, ServerResponse } from 'node:http';
import { SIGNED_OUT_CODES } from '@/lib/api-error';
import type { SessionView } from '@aiconnected/sdk-contracts';
import { isForbiddenPage } from '@/lib/forbidden-page';
import { PAGE_FORBIDDEN_HEADER, PAGE_SESSION_HEADER } from '@/lib/page-access-headers';
import type { ApiApp } from './api/context';
import { holdPageSession, releasePageSession } from './page-session';

/** Paths Next serves without a page: its assets and the icons (as the middleware's matcher). */
const NOT_A_PAGE = /^\/(?:_next\/|icon\.svg|favicon\.ico)/;

/**
 * Resolves the visitor's session once per page load, in process (the API's own
 * `GET /api/auth/session`, with the request's cookie), and hands it to the page through a
 * one-request key (page-session.ts); marks an app page the role may not open, which the
 * middleware answers with the forbidden page and 403. Headers of these names sent by a
 * client are removed first. When the session cannot be resolved (the database is down), the
 * page is left to ask itself, as it would without this server.
 */
export async function preparePageRequest(
  api: ApiApp,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  delete request.headers[PAGE_SESSION_HEADER];
  delete request.headers[PAGE_FORBIDDEN_HEADER];
  const target = request.url ?? '/';
  if (NOT_A_PAGE.test(target)) return;
  const session = await resolveSession(api, request.headers.cookie);
  if (session === undefined) return;
  const key = holdPageSession(session);
  response.once('close', () => releasePageSession(key));
  request.headers[PAGE_SESSION_HEADER] = key;
  if (isForbiddenPage(session, new URL(target, 'http://page').pathname)) {
    request.headers[PAGE_FORBIDDEN_HEADER] = '1';
  }
}

async function resolveSession(
  api: ApiApp,
  cookie: string | undefined,
): Promise<SessionView | null | undefined> {
  if (!cookie) return null;
  const answer = await api.request('/api/auth/session', {
    headers: { cookie, accept: 'application/json' },
  });
  const body = (await answer.json().catch(() => null)) as
    SessionView | { error?: { code?: string } } | null;
  if (answer.ok) return body as SessionView;
  const code = body && 'error' in body ? body.error?.code : undefined;
  return code && SIGNED_OUT_CODES.has(code) ? null : undefined;
}
