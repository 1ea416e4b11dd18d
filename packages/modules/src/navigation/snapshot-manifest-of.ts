import type { ModuleManifest } from '@aiconnected/sdk-contracts';
import type { SnapshotManifest } from './module-snapshot';

/** `manifest`'s `SnapshotManifest`: copies of the fields kept, nothing shared with it. */
export function snapshotManifestOf(manifest: ModuleManifest): SnapshotManifest {
  return {
    id: manifest.id,
    name: manifest.name,
    paid: manifest.paid === true,
    admin: {
      pages: manifest.admin.pages.map(({ path, title, minimumRole }) =>
        minimumRole === undefined ? { path, title } : { path, title, minimumRole },
      ),
      navigation: manifest.admin.navigation.map((item) => ({ ...item })),
    },
  };
}
