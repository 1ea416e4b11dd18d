import type { JsonObject } from '@aiconnected/sdk-contracts';
import type { ModuleSnapshot, SnapshotManifest } from '../navigation/module-snapshot';

/**
 * A module's `SnapshotManifest` for tests that need no database (the gateway, the page lookup):
 * no pages, routes, permissions, UI or settings unless `over` gives them.
 */
export function testSnapshotManifest(
  key: string,
  over: Partial<SnapshotManifest> = {},
): SnapshotManifest {
  return {
    id: key,
    name: `Module ${key}`,
    paid: false,
    permissions: [],
    capabilities: [],
    admin: { pages: [], navigation: [], apiRoutes: [] },
    target: { baseUrl: 'http://127.0.0.1:9', healthPath: '/health' },
    frontend: null,
    settings: { properties: {} },
    ...over,
  };
}

export interface TestSnapshotOptions {
  workspaceId: string;
  /** The one module, enabled at `version`. */
  manifest: SnapshotManifest;
  version?: string;
  config?: JsonObject;
  tokenPermissions?: string[];
}

/** A workspace's module snapshot (as the cache answers it) with one enabled module, no billing. */
export function testSnapshot(options: TestSnapshotOptions): ModuleSnapshot {
  const { workspaceId, manifest } = options;
  return {
    workspaceId,
    parentWorkspaceId: null,
    entitlement: null,
    modules: new Map([
      [
        manifest.id,
        {
          state: 'enabled',
          version: options.version ?? '1.0.0',
          manifest,
          config: options.config ?? {},
          tokenPermissions: options.tokenPermissions ?? [],
        },
      ],
    ]),
  };
}
