import 'server-only';
import { cache } from 'react';
import type { Page, Workspace, WorkspaceType } from '@aiconnected/sdk-contracts';
import { loadWorkspace } from './active-workspace';
import { ApiError } from './api-error';
import { apiFetch } from './server-api';

/**
 * A workspace a section with a workspace picker (branding, modules) offers to work on.
 */
export interface WorkspaceScopeOption {
  id: string;
  name: string;
  type: WorkspaceType;
  /** The workspace the session acts in (listed first). */
  active: boolean;
}

/** The query parameter naming the workspace such a page works on. */
export const WORKSPACE_SCOPE_PARAM = 'workspace';

/** At most this many pages of 200 workspaces are offered (a bound on one page load). */
const MAX_PAGES = 20;

/**
 * Which workspaces a picker offers besides the active one: `governed` (branding, modules) an
 * agency's businesses; `all` (the events monitor) also every workspace super can see.
 */
export type WorkspaceReach = 'governed' | 'all';

/** Every workspace `GET /api/workspaces?<filter>` lists (paged, bounded); none if refused. */
async function listWorkspaces(filter: Record<string, string>): Promise<Workspace[]> {
  const found: Workspace[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const query = new URLSearchParams({ ...filter, limit: '200' });
    if (cursor !== null) query.set('cursor', cursor);
    const workspaces = await apiFetch<Page<Workspace>>(`/workspaces?${query}`).catch(
      (error: unknown) => {
        if (error instanceof ApiError) return { items: [], next_cursor: null };
        throw error;
      },
    );
    found.push(...workspaces.items);
    cursor = workspaces.next_cursor ?? null;
    if (cursor === null) break;
  }
  return found;
}

/**
 * The workspaces a picker offers, once per request: the active one (for super that is the
 * platform workspace) and, for an agency whose admins or managers govern its businesses,
 * those businesses; with reach `all`, for super every other workspace too. The API decides
 * who sees what: a list the visitor may not read adds nothing.
 */
export const loadWorkspaceScopes = cache(
  async (
    activeWorkspaceId: string,
    reach: WorkspaceReach = 'governed',
  ): Promise<WorkspaceScopeOption[]> => {
    const active = await loadWorkspace(activeWorkspaceId);
    const others =
      active.type === 'agency'
        ? await listWorkspaces({ parent_workspace_id: active.id, type: 'business' })
        : active.type === 'super' && reach === 'all'
          ? await listWorkspaces({})
          : [];
    return [
      { id: active.id, name: active.name, type: active.type, active: true },
      ...others
        .filter((workspace) => workspace.id !== active.id)
        .map(({ id, name, type }) => ({ id, name, type, active: false })),
    ];
  },
);

/** What a scoped page works on: the offered workspaces and the one `?workspace=` picks. */
export interface WorkspaceScope {
  options: WorkspaceScopeOption[];
  /** `?workspace=`'s workspace, the active one without it; null for an id not offered. */
  selected: WorkspaceScopeOption | null;
}

/**
 * The workspace a scoped page works on: `?workspace=<id>` when it is one of the offered
 * workspaces, the active workspace when the parameter is absent, and null (render Forbidden)
 * for any other id, so a page never silently changes a workspace the visitor did not pick.
 */
export async function readWorkspaceScope(
  activeWorkspaceId: string,
  searchParams: Record<string, string | string[] | undefined>,
  reach: WorkspaceReach = 'governed',
): Promise<WorkspaceScope> {
  const options = await loadWorkspaceScopes(activeWorkspaceId, reach);
  const asked = searchParams[WORKSPACE_SCOPE_PARAM];
  if (asked === undefined) {
    return { options, selected: options.find((option) => option.active) ?? null };
  }
  const id = Array.isArray(asked) ? asked[0] : asked;
  return { options, selected: options.find((option) => option.id === id) ?? null };
}
