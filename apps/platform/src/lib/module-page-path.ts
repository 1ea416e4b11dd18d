/** A shell path of a module page: `/w/{workspace}/m/{module}{path}`. */
export interface ModulePageTarget {
  workspaceId: string;
  moduleKey: string;
  /** The path below the module's mount point, `/` for none. */
  path: string;
}

const MODULE_PAGE = /^\/w\/([^/]+)\/m\/([^/]+)(\/.*)?$/;

/** The module page a URL path names (as received, still percent-encoded), or null. */
export function modulePageTargetOf(pathname: string): ModulePageTarget | null {
  const match = MODULE_PAGE.exec(pathname);
  if (!match) return null;
  const [, workspaceId = '', moduleKey = '', path] = match;
  return { workspaceId, moduleKey, path: path ?? '/' };
}

/** `GET /api/modules/{key}/page`'s path and query for a target (the page and the server ask the same). */
export function modulePageLookup(target: ModulePageTarget): string {
  const query = new URLSearchParams({ workspace_id: target.workspaceId, path: target.path });
  return `/modules/${encodeURIComponent(target.moduleKey)}/page?${query}`;
}

/** `GET /api/modules/{key}/runtime`'s path and query for a target (the page and ModuleHost's Retry). */
export function moduleRuntimeLookup(target: ModulePageTarget): string {
  const query = new URLSearchParams({ workspace_id: target.workspaceId, path: target.path });
  return `/modules/${encodeURIComponent(target.moduleKey)}/runtime?${query}`;
}
