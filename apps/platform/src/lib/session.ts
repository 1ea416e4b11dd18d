import 'server-only';
import { headers } from 'next/headers';
import { cache } from 'react';
import { heldPageSession } from '@/server/page-session';
import { ApiError, SIGNED_OUT_CODES } from './api-error';
import type { SessionView } from '@aiconnected/sdk-contracts';
import { PAGE_SESSION_HEADER } from './page-access-headers';
import { apiFetch } from './server-api';

/**
 * The visitor's session as `GET /api/auth/session` describes it, or null when signed out
 * (no cookie, or an expired or revoked one): the one the web server resolved for this page
 * load, else asked of the API in process. Cached per request, so the layout and the page
 * share one lookup.
 */
export const loadSession = cache(async (): Promise<SessionView | null> => {
  // Resolved by the web server for this page load already (see web-server.ts).
  const resolved = heldPageSession(headers().get(PAGE_SESSION_HEADER));
  if (resolved !== undefined) return resolved;
  try {
    return await apiFetch<SessionView>('/auth/session');
  } catch (error) {
    if (error instanceof ApiError && SIGNED_OUT_CODES.has(error.code)) return null;
    throw error;
  }
});
