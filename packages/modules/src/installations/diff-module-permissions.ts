import type { ModuleManifest, ModulePermissionDiff } from '@aiconnected/sdk-contracts';

type Diff = Omit<
  ModulePermissionDiff,
  'module_key' | 'workspace_id' | 'from_version' | 'to_version'
>;

/** Items of `next` not in `previous` and of `previous` not in `next`, compared by `key`. */
function compare<T>(previous: readonly T[], next: readonly T[], key: (item: T) => string) {
  const before = new Set(previous.map(key));
  const after = new Set(next.map(key));
  return {
    added: next.filter((item) => !before.has(key(item))),
    removed: previous.filter((item) => !after.has(key(item))),
  };
}

function routes(manifest: ModuleManifest) {
  return (['admin', 'site'] as const).flatMap((layer) =>
    manifest[layer].apiRoutes.map((route) => ({
      layer,
      method: route.method,
      path: route.path,
      minimum_role: route.minimumRole,
    })),
  );
}

function pages(manifest: ModuleManifest) {
  return (['admin', 'site'] as const).flatMap((layer) =>
    manifest[layer].pages.map((page) => ({ layer, path: page.path })),
  );
}

const names = (events: readonly { name: string }[]) => events.map((event) => event.name);
const text = (value: string) => value;

/**
 * What moving an installation from `previous` to `next` changes: permissions, events emitted
 * and consumed, API routes (a route whose `minimumRole` changed is removed and added) and
 * pages of both layers. `grants_more` when anything is added: the module would get a scope,
 * an event, a route or a page it did not have (or a route would open to a lower role).
 */
export function diffModulePermissions(previous: ModuleManifest, next: ModuleManifest): Diff {
  const diff = {
    permissions: compare(previous.permissions, next.permissions, text),
    events_emitted: compare(names(previous.events.emits), names(next.events.emits), text),
    events_consumed: compare(names(previous.events.consumes), names(next.events.consumes), text),
    api_routes: compare(routes(previous), routes(next), (route) =>
      [route.layer, route.method, route.path, route.minimum_role].join(' '),
    ),
    pages: compare(pages(previous), pages(next), (page) => `${page.layer} ${page.path}`),
  };
  const grantsMore = Object.values(diff).some((part) => part.added.length > 0);
  return { ...diff, grants_more: grantsMore };
}
