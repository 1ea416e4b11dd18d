import 'server-only';
import { redirect } from 'next/navigation';
import { ApiError } from './api-error';
import { signInPath } from './guard';
import { currentRequestPath } from './request-path';

const DENIED = new Set([
  'PERMISSION_DENIED',
  'WORKSPACE_FORBIDDEN',
  'IMPERSONATION_FORBIDDEN',
  'IMPERSONATION_SCOPE_FORBIDDEN',
]);

/**
 * Runs a page's API reads. A refusal the page should show as Forbidden returns
 * `{ denied: true }`; a session that ended meanwhile redirects to sign-in, a missing
 * workspace to the selector; anything else is thrown to the error page.
 */
export async function readForPage<T>(
  read: () => Promise<T>,
): Promise<{ denied: true } | { denied: false; data: T }> {
  try {
    return { denied: false, data: await read() };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (DENIED.has(error.code)) return { denied: true };
    if (error.code === 'AUTH_REQUIRED' || error.code === 'SESSION_INVALID') redirect(signInPath());
    if (error.code === 'WORKSPACE_REQUIRED') {
      redirect(`/select-workspace?next=${encodeURIComponent(currentRequestPath())}`);
    }
    throw error;
  }
}
