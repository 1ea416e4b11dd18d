import { NextResponse, type NextRequest } from 'next/server';

// Kept in sync with REQUEST_PATH_HEADER in src/lib/request-path.ts (middleware runs on the
// Edge runtime, so it imports nothing of the server's).
const REQUEST_PATH_HEADER = 'x-shell-request-path';

/**
 * Tells server components which page is being rendered (Next gives layouts no pathname), so
 * a redirect to sign-in can carry `?next=` back to it. The header is always overwritten: a
 * client cannot choose it, and it is only ever used as a same-site path.
 */
export function middleware(request: NextRequest): NextResponse {
  const search = new URLSearchParams(request.nextUrl.search);
  // Client navigations fetch the page's server components with Next's `_rsc` cache key.
  search.delete('_rsc');
  const query = search.toString();
  const headers = new Headers(request.headers);
  headers.set(REQUEST_PATH_HEADER, `${request.nextUrl.pathname}${query ? `?${query}` : ''}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Pages only: the API, Next's assets and the icon need no path.
  matcher: ['/((?!api/|_next/|icon.svg|favicon.ico).*)'],
};
