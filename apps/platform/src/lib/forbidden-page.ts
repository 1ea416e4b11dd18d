import { accessSubjectOf, appPathOf, canOpen } from './access';
import type { SessionView } from '@aiconnected/sdk-contracts';

/** Where the middleware sends a forbidden page request (rendered with HTTP 403). */
export const FORBIDDEN_PATH = '/forbidden';

/**
 * Whether `pathname` is an app page the visitor of `session` may not open (the same rule as
 * the navigation, access.ts). False whenever that cannot be decided (no page rule, signed
 * out, no workspace yet): the page then redirects or renders its own state.
 */
export function isForbiddenPage(session: SessionView | null, pathname: string): boolean {
  const path = appPathOf(pathname);
  if (path === null || session === null || session.context === null) return false;
  return !canOpen(accessSubjectOf(session), path);
}
