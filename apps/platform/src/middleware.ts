import { NextResponse, type NextRequest } from 'next/server';
import { FORBIDDEN_PATH, isForbiddenPage } from './lib/forbidden-page';
import { REQUEST_PATH_HEADER } from './lib/request-path-header';

/**
 * Two jobs, for pages only:
 * - Tells server components which page is being rendered (Next gives layouts no pathname),
 *   so a redirect to sign-in can carry `?next=` back to it. The header is always
 *   overwritten: a client cannot choose it, and it is only ever used as a same-site path.
 * - Answers an app page the visitor's role does not include (a URL typed by hand, an old
 *   link) with the forbidden page and HTTP 403, in place of the page (Next 14 server
 *   components cannot set a status). The page checks the same rule again itself.
 */
export async function middleware(request: NextRequest): Promise<NextResponse> {
  const search = new URLSearchParams(request.nextUrl.search);
  // Client navigations fetch the page's server components with Next's `_rsc` cache key.
  search.delete('_rsc');
  const query = search.toString();
  const headers = new Headers(request.headers);
  headers.set(REQUEST_PATH_HEADER, `${request.nextUrl.pathname}${query ? `?${query}` : ''}`);
  if (await isForbiddenPage(request)) {
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
