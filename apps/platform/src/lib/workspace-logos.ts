import 'server-only';
import { cache } from 'react';
import type { WorkspaceLogos } from '@aiconnected/branding';
import { getRuntime } from '@/server/runtime';

const NONE: WorkspaceLogos = { light: null, dark: null, favicon: null };

/**
 * The effective logo (light and dark) and favicon of the active workspace, inherited from its
 * agency or the platform when it has none, from the process's logos cache (a map lookup once
 * read; forgotten on every activation), once per request. Only the visitor's active workspace
 * is asked for (its guard checked the session). A failed read shows the product name instead:
 * the header must not take a page down.
 */
export const loadWorkspaceLogos = cache(async (workspaceId: string): Promise<WorkspaceLogos> => {
  const runtime = getRuntime();
  if (runtime.workspaceLogos === null) return NONE;
  try {
    return await runtime.workspaceLogos.logosOf(workspaceId);
  } catch (error) {
    runtime.deps.logger.warn({ err: error }, 'workspace logos unavailable: product name shown');
    return NONE;
  }
});
