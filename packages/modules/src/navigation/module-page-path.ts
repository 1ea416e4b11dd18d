/** Where the shell serves a module's admin page: `/w/{workspace}/m/{module}{path}` (`/` -> none). */
export function modulePagePath(workspaceId: string, moduleKey: string, pagePath: string): string {
  return `/w/${workspaceId}/m/${moduleKey}${pagePath === '/' ? '' : pagePath}`;
}
