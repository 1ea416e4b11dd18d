import { cache } from 'react';
import { ApiError } from './api-error';
import type { SessionView } from './api-types';
import { apiFetch } from './server-api';

/** Codes that mean "nobody is signed in" rather than a fault. */
const SIGNED_OUT = new Set(['AUTH_REQUIRED', 'SESSION_INVALID']);

/**
 * The visitor's session as `GET /api/auth/session` describes it, or null when signed out
 * (no cookie, or an expired or revoked one). Cached per request, so the layout and the page
 * share one lookup.
 */
export const loadSession = cache(async (): Promise<SessionView | null> => {
  try {
    return await apiFetch<SessionView>('/auth/session');
  } catch (error) {
    if (error instanceof ApiError && SIGNED_OUT.has(error.code)) return null;
    throw error;
  }
});
