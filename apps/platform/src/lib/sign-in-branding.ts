import 'server-only';
import { headers } from 'next/headers';
import { cache } from 'react';
import type { SignInBranding } from '@aiconnected/sdk-contracts';
import { getRuntime } from '@/server/runtime';
import { apiFetch } from './server-api';

/** A `Host` header as a URL's authority may carry it (anything else asks as the platform). */
const HOST = /^[a-z0-9.-]{1,253}(?::\d{1,5})?$/i;

/**
 * The login branding of the host this page is served on (`GET /api/branding/sign-in-context`,
 * in process, from the process's cache): a workspace's on its verified domain or platform host,
 * the super baseline elsewhere. Null when it cannot be read (no database): the public pages
 * then show the product's own look rather than fail. Cached per request (layout and page).
 */
export const loadSignInBranding = cache(async (): Promise<SignInBranding | null> => {
  const host = headers().get('host') ?? '';
  // No database: nothing to brand with, and nothing worth a warning on every public page.
  if (getRuntime().db === null) return null;
  try {
    return await apiFetch<SignInBranding>('/branding/sign-in-context', {
      host: HOST.test(host) ? host : undefined,
    });
  } catch (error) {
    getRuntime().deps.logger.warn({ err: error }, 'sign-in branding unavailable: defaults used');
    return null;
  }
});
