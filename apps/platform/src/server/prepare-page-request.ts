import type { IncomingMessage, ServerResponse } from 'node:http';
import { SIGNED_OUT_CODES } from '@/lib/api-error';
import type { SessionView } from '@aiconnected/sdk-contracts';
import { isForbiddenPage } from '@/lib/forbidden-page';
import { modulePageLookup, modulePageTargetOf } from '@/lib/module-page-path';
import {
  PAGE_FORBIDDEN_HEADER,
  PAGE_FRAME_ORIGIN_HEADER,
  PAGE_SESSION_HEADER,
  PAGE_STATUS_HEADER,
  PAGE_UNAVAILABLE_HEADER,
} from '@/lib/page-access-headers';
import type { ApiApp } from './api/context';
import { holdPageSession, releasePageSession } from './page-session';

/** Paths Next serves without a page: its assets and the icons (as the middleware's matcher). */
const NOT_A_PAGE = /^\/(?:_next\/|icon\.svg|favicon\.ico)/;

/** The API refused the session call SERVICE_UNAVAILABLE: no database, so no page can load it. */
const UNAVAILABLE = 'unavailable';

/** The status page: it reads no session and says itself what is down. */
const STATUS_PATH = '/';

/**
 * Resolves the visitor's session once per page load, in process (the API's own
 * `GET /api/auth/session`, with the request's cookie), and hands it to the page through a
 * one-request key (page-session.ts); marks an app page the role may not open, which the
 * middleware answers with the forbidden page and 403; on a module page, the status of its
 * refusal or the module UI origin it may frame. When the API answers the call
 * SERVICE_UNAVAILABLE (no database), marks the request so, which the middleware answers with
 * the unavailable page and 503, the status page aside (the unavailable page links to it):
 * the page would otherwise fail the same call itself, a 500. Headers of these names sent by a
 * client are removed first. When the session cannot be resolved otherwise, the page is left
 * to ask itself, as it would without this server.
 */
export async function preparePageRequest(
  api: ApiApp,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  delete request.headers[PAGE_SESSION_HEADER];
  delete request.headers[PAGE_FORBIDDEN_HEADER];
  delete request.headers[PAGE_UNAVAILABLE_HEADER];
  delete request.headers[PAGE_STATUS_HEADER];
  delete request.headers[PAGE_FRAME_ORIGIN_HEADER];
  const target = request.url ?? '/';
  if (NOT_A_PAGE.test(target)) return;
  const session = await resolveSession(api, request.headers.cookie);
  if (session === undefined) return;
  const { pathname } = new URL(target, 'http://page');
  if (session === UNAVAILABLE) {
    if (pathname !== STATUS_PATH) request.headers[PAGE_UNAVAILABLE_HEADER] = '1';
    return;
  }
  const key = holdPageSession(session);
  response.once('close', () => releasePageSession(key));
  request.headers[PAGE_SESSION_HEADER] = key;
  if (isForbiddenPage(session, pathname)) {
    request.headers[PAGE_FORBIDDEN_HEADER] = '1';
  }
  const { status, frameOrigin } = await lookUpModulePage(
    api,
    request.headers.cookie,
    session,
    pathname,
  );
  if (status !== null) request.headers[PAGE_STATUS_HEADER] = String(status);
  if (frameOrigin !== null) request.headers[PAGE_FRAME_ORIGIN_HEADER] = frameOrigin;
}

/** Refusals of a module page lookup that the page shows, with their HTTP status. */
const MODULE_PAGE_STATUS: Record<string, 403 | 404> = {
  MODULE_NOT_REGISTERED: 404,
  NOT_FOUND: 404,
  VALIDATION_BLOCKING: 404,
  MODULE_NOT_ENABLED: 403,
  PERMISSION_DENIED: 403,
  WORKSPACE_FORBIDDEN: 403,
  // A paid module its workspace's billing no longer lets it use (the API answers 402).
  BILLING_SUSPENDED: 403,
  BILLING_REQUIRED: 403,
};

/** What the module page lookup decided for the page's response. */
interface ModulePageAnswer {
  /** The status of a refusal, or null for an answer shown with 200. */
  status: 403 | 404 | null;
  /** The module UI origin the page frames (`entry_origin`), or null: it frames nothing. */
  frameOrigin: string | null;
}

const NO_MODULE_PAGE: ModulePageAnswer = { status: null, frameOrigin: null };

/**
 * For a module page (`/w/{workspace}/m/{module}/…`) of a session with an active workspace, the
 * same `GET /api/modules/{key}/page` the page asks: the status its refusal gets, and on success
 * the module UI's origin (`entry_origin`), the one origin its policy's `frame-src` allows. A
 * page of another workspace the visitor can see offers a switch (200); one it cannot see is
 * 403. Any other path, or no session: neither, without a call.
 */
async function lookUpModulePage(
  api: ApiApp,
  cookie: string | undefined,
  session: SessionView | null,
  pathname: string,
): Promise<ModulePageAnswer> {
  const target = modulePageTargetOf(pathname);
  if (target === null || session?.context == null || !cookie) return NO_MODULE_PAGE;
  const answer = await api.request(`/api${modulePageLookup(target)}`, {
    headers: { cookie, accept: 'application/json' },
  });
  if (answer.ok) {
    const page = (await answer.json().catch(() => null)) as { entry_origin?: unknown } | null;
    const origin = page?.entry_origin;
    // A page of another workspace shows a switch, not the module.
    const framed =
      typeof origin === 'string' && target.workspaceId === session.context.workspace_id;
    return { status: null, frameOrigin: framed ? origin : null };
  }
  const body = (await answer.json().catch(() => null)) as { error?: { code?: string } } | null;
  const status = MODULE_PAGE_STATUS[body?.error?.code ?? ''] ?? null;
  if (target.workspaceId !== session.context.workspace_id) {
    const forbidden = status === 403 && body?.error?.code === 'WORKSPACE_FORBIDDEN';
    return { status: forbidden ? 403 : null, frameOrigin: null };
  }
  return { status, frameOrigin: null };
}

async function resolveSession(
  api: ApiApp,
  cookie: string | undefined,
): Promise<SessionView | null | typeof UNAVAILABLE | undefined> {
  if (!cookie) return null;
  const answer = await api.request('/api/auth/session', {
    headers: { cookie, accept: 'application/json' },
  });
  const body = (await answer.json().catch(() => null)) as
    SessionView | { error?: { code?: string } } | null;
  if (answer.ok) return body as SessionView;
  const code = body && 'error' in body ? body.error?.code : undefined;
  if (code === 'SERVICE_UNAVAILABLE') return UNAVAILABLE;
  return code && SIGNED_OUT_CODES.has(code) ? null : undefined;
}
