import type { NextRequest } from 'next/server';
import { accessSubjectOf, appPathOf, canOpen } from './access';
import type { SessionView } from './api-types';

/** A member with no capability in a workspace of no type: who every page lets in. */
const NOBODY = { permissions: [], workspaceType: null, isSuperMember: false } as const;

/** Where the middleware sends a forbidden page request (rendered with HTTP 403). */
export const FORBIDDEN_PATH = '/forbidden';

/**
 * The server's own address for the middleware's API call: `next start` sets PORT to the port
 * it listens on, and it listens on every interface. Falls back to the request's origin.
 */
function internalOrigin(request: NextRequest): string {
  const port = process.env.PORT;
  return port ? `http://127.0.0.1:${port}` : request.nextUrl.origin;
}

/**
 * Whether `request` opens an app page the signed-in visitor's role does not include (the
 * same rule as the navigation, access.ts), asked of `GET /api/auth/session` with the
 * visitor's cookie. False whenever that cannot be decided here (no page rule, no cookie,
 * signed out, no workspace yet, the API unreachable): the page then redirects or renders
 * its own forbidden state as before, only without the 403 status.
 */
export async function isForbiddenPage(request: NextRequest): Promise<boolean> {
  const path = appPathOf(request.nextUrl.pathname);
  const cookie = request.headers.get('cookie');
  // No call for a page every signed-in member may open (/account).
  if (path === null || canOpen(NOBODY, path) || !cookie) return false;
  try {
    const response = await fetch(`${internalOrigin(request)}/api/auth/session`, {
      headers: { cookie, accept: 'application/json' },
      cache: 'no-store',
    });
    if (!response.ok) return false;
    const session = (await response.json()) as SessionView;
    return session.context !== null && !canOpen(accessSubjectOf(session), path);
  } catch {
    return false;
  }
}
