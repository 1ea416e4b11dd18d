import { NextResponse, type NextRequest } from 'next/server';
import { textProblem } from '@aiconnected/sdk-contracts';
import { FORBIDDEN_PATH } from './lib/forbidden-page';
import { modulePageTargetOf } from './lib/module-page-path';
import {
  PAGE_FORBIDDEN_HEADER,
  PAGE_FRAME_ORIGIN_HEADER,
  PAGE_STATUS_HEADER,
  PAGE_UNAVAILABLE_HEADER,
} from './lib/page-access-headers';
import {
  buildPageContentSecurityPolicy,
  frameOriginOf,
  NONCE_HEADER,
} from './lib/page-content-security-policy';
import { REQUEST_PATH_HEADER } from './lib/request-path-header';

/** The page a request with a malformed query gets, with HTTP 400. */
const BAD_REQUEST_PATH = '/bad-request';

/** The page a request gets, with HTTP 503, when the API cannot resolve its session. */
const UNAVAILABLE_PATH = '/unavailable';

/**
 * Whether a query parameter's name or value holds a control character
 * (`/sign-in?next=/%0a...`, `/dev/mailbox?to=%00`): no link or form of ours makes one, so the
 * request is answered with a 400 page rather than rendered (or redirected) with it. Anything
 * else in `next` is left to `safeNextPath`, which keeps it only as a path here.
 */
function hasMalformedQuery(request: NextRequest): boolean {
  return [...request.nextUrl.searchParams].some(([name, value]) =>
    [name, value].some((text) => {
      const problem = textProblem(text);
      return problem === 'control_character' || problem === 'lone_surrogate';
    }),
  );
}

/**
 * The page's answer without its policy: the bad-request page for a malformed query, the
 * unavailable page when the session cannot be resolved (no database), the forbidden page for
 * a page the role does not include, else the page itself.
 */
function answerPage(request: NextRequest, headers: Headers): NextResponse {
  if (hasMalformedQuery(request)) {
    return NextResponse.rewrite(new URL(BAD_REQUEST_PATH, request.url), {
      status: 400,
      request: { headers },
    });
  }
  const search = new URLSearchParams(request.nextUrl.search);
  // Client navigations fetch the page's server components with Next's `_rsc` cache key.
  search.delete('_rsc');
  const query = search.toString();
  headers.set(REQUEST_PATH_HEADER, `${request.nextUrl.pathname}${query ? `?${query}` : ''}`);
  // Decided by the web server, which resolved the session in process for this page load.
  if (request.headers.get(PAGE_UNAVAILABLE_HEADER) === '1') {
    return NextResponse.rewrite(new URL(UNAVAILABLE_PATH, request.url), {
      status: 503,
      request: { headers },
    });
  }
  if (request.headers.get(PAGE_FORBIDDEN_HEADER) === '1') {
    // `request.url` is Next's own internal URL (skipMiddlewareUrlNormalize in next.config.mjs),
    // so Next serves this rewrite internally instead of proxying it and losing the 403.
    return NextResponse.rewrite(new URL(FORBIDDEN_PATH, request.url), {
      status: 403,
      request: { headers },
    });
  }
  const status = request.headers.get(PAGE_STATUS_HEADER);
  if (status === '403' || status === '404') {
    // A module page the API refused: the page itself, which shows why, with the status.
    return NextResponse.rewrite(request.url, { status: Number(status), request: { headers } });
  }
  return NextResponse.next({ request: { headers } });
}

/**
 * Six jobs, for pages only:
 * - Gives every page load a fresh nonce and the Content-Security-Policy allowing only scripts
 *   that carry it, on the response and on the request (Next reads the nonce from the
 *   request's policy for its own scripts; the root layout reads `x-nonce` for next-themes').
 *   A module page's policy allows framing its module's UI origin (decided by the web server,
 *   prepare-page-request.ts); every other page frames nothing.
 * - Answers a page request with a control character in its query with the bad-request page
 *   and HTTP 400.
 * - Tells server components which page is being rendered (Next gives layouts no pathname),
 *   so a redirect to sign-in can carry `?next=` back to it. The header is always
 *   overwritten: a client cannot choose it, and it is only ever used as a same-site path.
 * - Answers an app page the visitor's role does not include (a URL typed by hand, an old
 *   link) with the forbidden page and HTTP 403, in place of the page (Next 14 server
 *   components cannot set a status). The page checks the same rule again itself.
 * - Gives a module page the API refused (not registered, not enabled, no such page: decided
 *   by the web server, prepare-page-request.ts) its status, 404 or 403, rendering the page.
 * - Answers a page whose session the API could not resolve for want of a database with the
 *   unavailable page and HTTP 503, rather than a page failing on it (a 500).
 */
export function middleware(request: NextRequest): NextResponse {
  const nonce = btoa(crypto.randomUUID());
  // Not the environment read at run time (src/env.ts is no Edge module): Next inlines
  // NODE_ENV when it compiles the middleware, 'development' only under `next dev`.
  // eslint-disable-next-line no-restricted-properties
  const dev = process.env.NODE_ENV === 'development';
  // Set by the web server from the module page lookup; only a module page frames anything.
  const frameOrigin =
    modulePageTargetOf(request.nextUrl.pathname) === null
      ? null
      : frameOriginOf(request.headers.get(PAGE_FRAME_ORIGIN_HEADER));
  const policy = buildPageContentSecurityPolicy(nonce, dev, frameOrigin);
  const headers = new Headers(request.headers);
  headers.set(NONCE_HEADER, nonce);
  headers.set('content-security-policy', policy);
  const response = answerPage(request, headers);
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  // Pages only: the API, Next's assets and the icon need no path.
  matcher: ['/((?!api/|_next/|icon.svg|favicon.ico).*)'],
};
