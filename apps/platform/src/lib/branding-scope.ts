import 'server-only';
import { cache } from 'react';
import type { Page, Workspace, WorkspaceType } from '@aiconnected/sdk-contracts';
import { loadWorkspace } from './active-workspace';
import { ApiError } from './api-error';
import { apiFetch } from './server-api';

/** A workspace whose branding the visitor may pick in the branding section. */
export interface BrandingScopeOption {
  id: string;
  name: string;
  type: WorkspaceType;
  /** The workspace the session acts in (listed first). */
  active: boolean;
}

/** The query parameter naming the workspace a branding page works on. */
export const BRANDING_SCOPE_PARAM = 'workspace';

/** At most this many pages of 200 businesses are offered (a bound on one page load). */
const MAX_PAGES = 20;

/**
 * The workspaces the branding section offers, once per request: the active one (for super
 * that is the platform baseline every agency inherits) and, for an agency whose admins or
 * managers govern its businesses, those businesses. The API decides who sees what: a list
 * the visitor may not read adds nothing.
 */
export const loadBrandingScopes = cache(
  async (activeWorkspaceId: string): Promise<BrandingScopeOption[]> => {
    const active = await loadWorkspace(activeWorkspaceId);
    const options: BrandingScopeOption[] = [
      { id: active.id, name: active.name, type: active.type, active: true },
    ];
    if (active.type !== 'agency') return options;
    let cursor: string | null = null;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const query = new URLSearchParams({
        parent_workspace_id: active.id,
        type: 'business',
        limit: '200',
      });
      if (cursor !== null) query.set('cursor', cursor);
      const businesses = await apiFetch<Page<Workspace>>(`/workspaces?${query}`).catch(
        (error: unknown) => {
          if (error instanceof ApiError) return { items: [], next_cursor: null };
          throw error;
        },
      );
      for (const business of businesses.items) {
        options.push({ id: business.id, name: business.name, type: business.type, active: false });
      }
      cursor = businesses.next_cursor ?? null;
      if (cursor === null) break;
    }
    return options;
  },
);

/** What a branding page works on: the offered workspaces and the one `?workspace=` picks. */
export interface BrandingScope {
  options: BrandingScopeOption[];
  /** `?workspace=`'s workspace, the active one without it; null for an id not offered. */
  selected: BrandingScopeOption | null;
}

/**
 * The workspace a branding page edits: `?workspace=<id>` when it is one of the offered
 * workspaces, the active workspace when the parameter is absent, and null (render Forbidden)
 * for any other id, so a page never silently edits a workspace the visitor did not pick.
 */
export async function readBrandingScope(
  activeWorkspaceId: string,
  searchParams: Record<string, string | string[] | undefined>,
): Promise<BrandingScope> {
  const options = await loadBrandingScopes(activeWorkspaceId);
  const asked = searchParams[BRANDING_SCOPE_PARAM];
  if (asked === undefined) {
    return { options, selected: options.find((option) => option.active) ?? null };
  }
  const id = Array.isArray(asked) ? asked[0] : asked;
  return { options, selected: options.find((option) => option.id === id) ?? null };
}
