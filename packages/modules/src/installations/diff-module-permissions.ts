import { isDeepStrictEqual } from 'node:util';
import type { JsonObject, ModuleManifest, ModulePermissionDiff } from '@aiconnected/sdk-contracts';
import { findConfigIssues } from './find-config-issues';

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
    manifest[layer].pages.map((page) => ({
      layer,
      path: page.path,
      minimum_role: page.minimumRole ?? 'member',
    })),
  );
}

const names = (events: readonly { name: string }[]) => events.map((event) => event.name);
const text = (value: string) => value;

/** `{ from, to }` when `key` of the two differs (deep), else null. */
function change<T>(previous: T, next: T) {
  return isDeepStrictEqual(previous, next) ? null : { from: previous, to: next };
}

const targetOf = (manifest: ModuleManifest) => ({
  base_url: manifest.runtime.target.baseUrl,
  health_path: manifest.runtime.target.healthPath,
});

/**
 * What moving an installation (its config `config`) from `previous` to `next` changes:
 * permissions, events emitted and consumed, API routes and pages of both layers (a route or page
 * whose `minimumRole` changed is removed and added: one lowered, e.g. owner to member, shows
 * module data to more people), shared entities, capabilities and site
 * capabilities, added and removed; `paid`, the runtime target (base URL, health path) and the
 * frontend entry URL when they change; whether the configSchema changed and where `config`
 * fails the new one. `grants_more` when anything is added (a scope, an event, a route, a page,
 * shell data, a capability, or a route or page opening to a lower role), the module becomes paid, or
 * its target or frontend moves (workspace data would go elsewhere). A configSchema change
 * alone does not grant more: the admin gives the config, and an upgrade the current config
 * fails is refused with `VALIDATION_BLOCKING` (`config_schema.issues`).
 */
export function diffModulePermissions(
  previous: ModuleManifest,
  next: ModuleManifest,
  config: JsonObject,
): Diff {
  const lists = {
    permissions: compare(previous.permissions, next.permissions, text),
    events_emitted: compare(names(previous.events.emits), names(next.events.emits), text),
    events_consumed: compare(names(previous.events.consumes), names(next.events.consumes), text),
    api_routes: compare(routes(previous), routes(next), (route) =>
      [route.layer, route.method, route.path, route.minimum_role].join(' '),
    ),
    pages: compare(pages(previous), pages(next), (page) =>
      [page.layer, page.path, page.minimum_role].join(' '),
    ),
    shared_entities: compare(previous.sharedEntities, next.sharedEntities, text),
    capabilities: compare(previous.capabilities, next.capabilities, text),
    site_capabilities: compare(
      previous.site.requiredSiteCapabilities,
      next.site.requiredSiteCapabilities,
      text,
    ),
  };
  const paid = change(previous.paid === true, next.paid === true);
  const target = change(targetOf(previous), targetOf(next));
  const frontend = change(previous.frontend?.entryUrl ?? null, next.frontend?.entryUrl ?? null);
  const grantsMore =
    Object.values(lists).some((part) => part.added.length > 0) ||
    paid?.to === true ||
    target !== null ||
    (frontend !== null && frontend.to !== null);
  return {
    ...lists,
    paid,
    target,
    frontend_entry_url: frontend,
    config_schema: {
      changed: !isDeepStrictEqual(previous.configSchema, next.configSchema),
      issues: findConfigIssues(next, config),
    },
    grants_more: grantsMore,
  };
}
