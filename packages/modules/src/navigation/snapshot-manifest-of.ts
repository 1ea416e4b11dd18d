import type { ModuleManifest } from '@aiconnected/sdk-contracts';
import type { SnapshotManifest } from './module-snapshot';

/**
 * The top-level properties of a configSchema marked `writeOnly: true` (secrets an admin sets
 * but the module UI never reads back), in the schema's order.
 */
function writeOnlyProperties(configSchema: ModuleManifest['configSchema']): string[] {
  const { properties } = configSchema as { properties?: unknown };
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) return [];
  return Object.entries(properties as Record<string, unknown>)
    .filter(
      ([, property]) =>
        typeof property === 'object' &&
        property !== null &&
        (property as { writeOnly?: unknown }).writeOnly === true,
    )
    .map(([name]) => name);
}

/** `manifest`'s `SnapshotManifest`: copies of the fields kept, nothing shared with it. */
export function snapshotManifestOf(manifest: ModuleManifest): SnapshotManifest {
  const { target } = manifest.runtime;
  return {
    id: manifest.id,
    name: manifest.name,
    paid: manifest.paid === true,
    permissions: [...manifest.permissions],
    capabilities: [...manifest.capabilities],
    admin: {
      pages: manifest.admin.pages.map(({ path, title, minimumRole }) =>
        minimumRole === undefined ? { path, title } : { path, title, minimumRole },
      ),
      navigation: manifest.admin.navigation.map((item) => ({ ...item })),
      apiRoutes: manifest.admin.apiRoutes.map(({ method, path, minimumRole, permissions }) =>
        permissions === undefined
          ? { method, path, minimumRole }
          : { method, path, minimumRole, permissions: [...permissions] },
      ),
    },
    target: {
      baseUrl: target.baseUrl,
      healthPath: target.healthPath,
      ...(target.timeoutMs === undefined ? {} : { timeoutMs: target.timeoutMs }),
    },
    frontend: manifest.frontend === undefined ? null : { entryUrl: manifest.frontend.entryUrl },
    settingsHidden: writeOnlyProperties(manifest.configSchema),
  };
}
