import type { ModuleManifest } from '@aiconnected/sdk-contracts';

export interface TestManifestOptions {
  key: string;
  version?: string;
  baseUrl: string;
  timeoutMs?: number;
  paid?: boolean;
  /** Extra permissions (namespaced by the key: `<key>.<x>.read`). */
  permissions?: string[];
  emits?: string[];
  configSchema?: Record<string, unknown>;
  /** Admin pages beyond `/` (member): path -> minimumRole. */
  adminPages?: Record<string, 'member' | 'admin' | 'owner'>;
}

/**
 * A valid manifest v1 for tests: an admin page `/` (member) with its navigation entry, one
 * member GET route, the given extra pages (each with a navigation entry), permissions, emitted
 * events and config schema, and an HTTP target at `baseUrl` (`/health`).
 */
export function testManifest(options: TestManifestOptions): ModuleManifest {
  const { key } = options;
  const pages = { '/': 'member' as const, ...options.adminPages };
  const permissions = [`${key}.items.read`, ...(options.permissions ?? [])];
  return {
    manifestVersion: 1,
    id: key,
    name: `Module ${key}`,
    version: options.version ?? '1.0.0',
    description: `Test module ${key}`,
    engines: { shell: '^1.0.0' },
    permissions,
    capabilities: [],
    sharedEntities: [],
    admin: {
      pages: Object.entries(pages).map(([path, minimumRole]) => ({
        path,
        title: `Page ${path}`,
        minimumRole,
      })),
      apiRoutes: [
        {
          method: 'GET',
          path: '/items',
          minimumRole: 'member',
          permissions: [`${key}.items.read`],
        },
      ],
      navigation: Object.keys(pages).map((path, index) => ({
        label: path === '/' ? `Module ${key}` : `${key} ${path.slice(1)}`,
        path,
        icon: 'box',
        order: 100 + index,
      })),
    },
    site: { pages: [], apiRoutes: [], navigation: [], requiredSiteCapabilities: [] },
    events: {
      emits: (options.emits ?? []).map((name) => ({
        name,
        description: `Emitted ${name}`,
        schema: { type: 'object' },
      })),
      consumes: [],
    },
    configSchema: options.configSchema ?? { type: 'object' },
    runtime: {
      apiVersion: 'v1',
      target: {
        type: 'http',
        baseUrl: options.baseUrl,
        healthPath: '/health',
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      },
    },
    ...(options.paid === undefined ? {} : { paid: options.paid }),
  } as ModuleManifest;
}
