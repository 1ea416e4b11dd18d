import type { ModuleManifest } from '@aiconnected/sdk-contracts';

/** A small valid manifest (one admin page, one route) for `moduleKey` at `version`. */
export function manifestFor(moduleKey: string, version: string): ModuleManifest {
  return {
    manifestVersion: 1,
    id: moduleKey,
    name: `Module ${moduleKey}`,
    version,
    description: 'A module of the registry tests.',
    engines: { shell: '^1.1.0' },
    permissions: [],
    capabilities: [],
    sharedEntities: [],
    admin: {
      pages: [{ path: '/', title: 'Home' }],
      apiRoutes: [{ method: 'GET', path: '/items', minimumRole: 'member' }],
      navigation: [{ label: 'Home', path: '/', order: 100 }],
    },
    site: { pages: [], apiRoutes: [], navigation: [], requiredSiteCapabilities: [] },
    events: { emits: [], consumes: [] },
    configSchema: { type: 'object', properties: {}, additionalProperties: false },
    runtime: {
      apiVersion: 'v1',
      target: { type: 'http', baseUrl: 'http://127.0.0.1:4999', healthPath: '/health' },
    },
  };
}
