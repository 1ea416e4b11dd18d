import 'server-only';
import type { AppPath } from './access';
import { requirePageAccess, type AppSession } from './guard';
import {
  readWorkspaceScope,
  WORKSPACE_SCOPE_PARAM,
  type WorkspaceScopeOption,
} from './workspace-scope';

/** The workspace a Connections or Credential policies tab works on. */
export interface IntegrationsScope {
  workspace: WorkspaceScopeOption;
  /** `?workspace=` to keep in links, forms and the provider's return path. */
  query: string;
  /** Names of the offered workspaces, by id. */
  names: Record<string, string>;
}

/**
 * The picked workspace (`?workspace=`: the active one, an agency's business, or for super any
 * workspace), or null (render Forbidden) for one not offered. The API decides again.
 */
export async function readIntegrationsScope(
  access: AppSession,
  searchParams: Record<string, string | string[] | undefined>,
): Promise<IntegrationsScope | null> {
  const { options, selected } = await readWorkspaceScope(
    access.context.workspace_id,
    searchParams,
    'all',
  );
  if (selected === null) return null;
  return {
    workspace: selected,
    query: selected.active ? '' : `?${WORKSPACE_SCOPE_PARAM}=${encodeURIComponent(selected.id)}`,
    names: Object.fromEntries(options.map((option) => [option.id, option.name])),
  };
}

/** An integrations tab opened: its session and picked workspace, or where Forbidden links back. */
export type IntegrationsPage =
  | { allowed: true; access: AppSession; scope: IntegrationsScope }
  | { allowed: false; backHref: string };

/**
 * The Connections and Credential policies tabs' preamble: the page's rule, then the picked
 * workspace (`readIntegrationsScope`); `allowed: false` renders Forbidden.
 */
export async function openIntegrationsPage(
  path: AppPath,
  searchParams: Record<string, string | string[] | undefined>,
): Promise<IntegrationsPage> {
  const access = await requirePageAccess(path);
  const backHref = access.session.destination;
  if (!access.allowed) return { allowed: false, backHref };
  const scope = await readIntegrationsScope(access, searchParams);
  if (scope === null) return { allowed: false, backHref };
  return { allowed: true, access, scope };
}

/** `GET /integrations/providers` for a workspace: the providers it may connect. */
export const providerListPath = (workspaceId: string) =>
  `/integrations/providers?workspace_id=${encodeURIComponent(workspaceId)}`;
