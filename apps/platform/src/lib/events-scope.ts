import 'server-only';
import { canOpen } from './access';
import type { AppSession } from './guard';
import {
  readWorkspaceScope,
  WORKSPACE_SCOPE_PARAM,
  type WorkspaceScopeOption,
} from './workspace-scope';

/** The workspace an events monitor tab shows, and the links it offers from there. */
export interface EventsScope {
  workspace: WorkspaceScopeOption;
  /** `?workspace=` to keep in links and forms; null for the active workspace. */
  param: string | null;
  /** The Modules page of that workspace, when the visitor may open it. */
  modulesHref: string | null;
}

/**
 * The picked workspace of an events tab (`?workspace=`: the active one, an agency's business,
 * or for super any workspace), or null (render Forbidden) for one not offered.
 */
export async function readEventsScope(
  access: AppSession,
  searchParams: Record<string, string | string[] | undefined>,
): Promise<EventsScope | null> {
  const { selected } = await readWorkspaceScope(access.context.workspace_id, searchParams, 'all');
  if (selected === null) return null;
  const param = selected.active ? null : selected.id;
  const query = param ? `?${WORKSPACE_SCOPE_PARAM}=${encodeURIComponent(param)}` : '';
  return {
    workspace: selected,
    param,
    // The Modules page offers the active workspace and an agency's businesses, not every one.
    modulesHref:
      canOpen(access.subject, '/modules') &&
      (selected.active || access.subject.workspaceType === 'agency')
        ? `/modules${query}`
        : null,
  };
}
