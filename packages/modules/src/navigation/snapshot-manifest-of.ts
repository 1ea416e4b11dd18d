import type { ModuleManifest } from '@aiconnected/sdk-contracts';
import type { SnapshotManifest } from './module-snapshot';
import { settingsShapeOf } from './settings-shape';

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
    settings: settingsShapeOf(manifest.configSchema),
  };
}
