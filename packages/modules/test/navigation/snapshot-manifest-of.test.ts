import { describe, expect, it } from 'vitest';
import { snapshotManifestOf } from '../../src/navigation/snapshot-manifest-of';
import { testManifest } from '../../src/testing';

// What the snapshot keeps of an installed manifest for the gateway and the module UI runtime.

describe('snapshotManifestOf', () => {
  const manifest = {
    ...testManifest({
      key: 'snap',
      baseUrl: 'http://127.0.0.1:4100/api',
      timeoutMs: 2500,
      permissions: ['snap.items.delete'],
      configSchema: {
        type: 'object',
        properties: {
          greeting: { type: 'string' },
          apiKey: { type: 'string', writeOnly: true },
          nested: { type: 'object', properties: { secret: { type: 'string', writeOnly: true } } },
          token: { type: 'string', writeOnly: false },
        },
      },
    }),
    capabilities: ['notifications'],
    frontend: { entryUrl: 'https://snap.example.com/ui' },
  };

  it('keeps permissions, capabilities, the admin API routes, the target, the entry URL and the settings the UI may read', () => {
    const kept = snapshotManifestOf(manifest);
    expect(kept).toStrictEqual({
      id: 'snap',
      name: 'Module snap',
      paid: false,
      permissions: ['snap.items.read', 'snap.items.delete'],
      capabilities: ['notifications'],
      admin: {
        pages: [{ path: '/', title: 'Page /', minimumRole: 'member' }],
        navigation: [{ label: 'Module snap', path: '/', icon: 'box', order: 100 }],
        apiRoutes: [
          {
            method: 'GET',
            path: '/items',
            minimumRole: 'member',
            permissions: ['snap.items.read'],
          },
        ],
      },
      target: { baseUrl: 'http://127.0.0.1:4100/api', healthPath: '/health', timeoutMs: 2500 },
      frontend: { entryUrl: 'https://snap.example.com/ui' },
      // Declared, not writeOnly, at any depth (settings-shape.test.ts).
      settings: {
        properties: { greeting: true, nested: { properties: {} }, token: true },
      },
    });
    // Copies: nothing shared with the manifest.
    expect(kept.permissions).not.toBe(manifest.permissions);
    expect(kept.admin.apiRoutes[0]?.permissions).not.toBe(manifest.admin.apiRoutes[0]?.permissions);
  });

  it('has no frontend and no settings when the manifest declares none', () => {
    const kept = snapshotManifestOf(testManifest({ key: 'plain', baseUrl: 'http://127.0.0.1:1' }));
    expect(kept.frontend).toBeNull();
    expect(kept.settings).toStrictEqual({ properties: {} });
    expect(kept.target).toStrictEqual({ baseUrl: 'http://127.0.0.1:1', healthPath: '/health' });
  });
});
