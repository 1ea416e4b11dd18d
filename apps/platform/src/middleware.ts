import { NextResponse, type NextRequest } from 'next/server';
import { textProblem } from '@aiconnected/sdk-contracts';
import { FORBIDDEN_PATH } from './lib/forbidden-page';
import { PAGE_FORBIDDEN_HEADER } from './lib/page-access-headers';
import { REQUEST_PATH_HEADER } from './lib/request-path-header';

/** The page a request with a malformed `next` gets, with HTTP 400. */
const BAD_REQUEST_PATH = '/bad-request';

/**
 * Whether a `next` parameter holds a control character (`/sign-in?next=/%0a...`): no link of
 * ours does, so the request is answered with a 400 page rather than redirected anywhere.
 * Anything else in `next` is left to `safeNextPath`, which keeps it only as a path here.
 */
function hasMalformedNext(request: NextRequest): boolean {
  return request.nextUrl.searchParams.getAll('next').some((value) => {
    const problem = textProblem(value);
    return problem === 'control_character' || problem === 'lone_surrogate';
  });
}

/**
 * Three jobs, for pages only:
 * - Answers a page request whose `next` parameter holds a control character with the
 *   bad-request page and HTTP 400.
 * - Tells server components which page is being rendered (Next gives layouts no pathname),
 *   so a redirect to sign-in can carry `?next=` back to it. The header is always
 *   overwritten: a client cannot choose it, and it is only ever used as a same-site path.
 * - Answers an app page the visitor's role does not include (a URL typed by hand, an old
 *   link) with the forbidden page and HTTP 403, in place of the page (Next 14 server
 *   components cannot set a status). The page checks the same rule again itself.
 */
export function middleware(request: NextRequest): NextResponse {
  if (hasMalformedNext(request)) {
    return NextResponse.rewrite(new URL(BAD_REQUEST_PATH, request.url), { status: 400 });
  }
  const search = new URLSearchParams(request.nextUrl.search);
  // Client navigations fetch the page's server components with Next's `_rsc` cache key.
  search.delete('_rsc');
  const query = search.toString();
  const headers = new Headers(request.headers);
  headers.set(REQUEST_PATH_HEADER, `${request.nextUrl.pathname}${query ? `?${query}` : ''}`);
  // Decided by the web server, which resolved the session in process for this page load.
  if (request.headers.get(PAGE_FORBIDDEN_HEADER) === '1') {
    // `request.url` is Next's own internal URL (skipMiddlewareUrlNormalize in next.config.mjs),
    // so Next serves this rewrite internally instead of proxying it and losing the 403.
    return NextResponse.rewrite(new URL(FORBIDDEN_PATH, request.url), {
      status: 403,
      request: { headers },
    });
  }
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Pages only: the API, Next's assets and the icon need no path.
  matcher: ['/((?!api/|_next/|icon.svg|favicon.ico).*)'],
};
