/* eslint-disable @typescript-eslint/no-explicit-any -- the tests bend manifests into deliberately invalid shapes */
import { describe, expect, it } from 'vitest';
import { MODULE_MANIFEST_LIMITS, moduleManifestSchema } from '@aiconnected/sdk-contracts';
import { crmManifest } from './fixtures';

/** The issues zod reports for a manifest changed by `mutate`, as `path: message` lines. */
function issuesOf(mutate: (manifest: Record<string, any>) => void): string[] {
  const manifest = crmManifest() as Record<string, any>;
  mutate(manifest);
  const result = moduleManifestSchema.safeParse(manifest);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('moduleManifestSchema', () => {
  it('accepts a realistic manifest unchanged', () => {
    expect(moduleManifestSchema.parse(crmManifest())).toStrictEqual(crmManifest());
  });

  it('accepts a manifest without iframe UI or site content', () => {
    expect(
      issuesOf((m) => {
        delete m.frontend;
        m.site = { pages: [], apiRoutes: [], navigation: [], requiredSiteCapabilities: [] };
      }),
    ).toStrictEqual([]);
  });

  it('rejects an invalid semantic version', () => {
    expect(issuesOf((m) => (m.version = '1.4'))).toStrictEqual([
      'version: Must be a semantic version such as 1.2.3 (semver.org 2.0.0)',
    ]);
    expect(issuesOf((m) => (m.version = 'v1.4.0'))).toHaveLength(1);
  });

  it('rejects an engines value that is not a semver range', () => {
    expect(issuesOf((m) => (m.engines = { shell: 'latest' }))).toStrictEqual([
      'engines.shell: Must be a semver range such as ^1.0.0 or >=1.0.0 <2.0.0',
    ]);
  });

  it('rejects an API route without minimumRole, in either layer', () => {
    expect(issuesOf((m) => delete m.admin.apiRoutes[1].minimumRole)).toStrictEqual([
      expect.stringMatching(/^admin\.apiRoutes\.1\.minimumRole: /),
    ]);
    expect(issuesOf((m) => delete m.site.apiRoutes[0].minimumRole)).toStrictEqual([
      expect.stringMatching(/^site\.apiRoutes\.0\.minimumRole: /),
    ]);
    expect(issuesOf((m) => (m.admin.apiRoutes[0].minimumRole = 'superuser'))).toHaveLength(1);
  });

  it('fails closed on a route permission with an unknown suffix', () => {
    const issues = issuesOf((m) => {
      m.permissions.push('crm-lite.contacts.export');
      m.admin.apiRoutes[0].permissions = ['crm-lite.contacts.export'];
    });
    expect(issues).toStrictEqual([
      expect.stringMatching(
        /^admin\.apiRoutes\.0\.permissions\.0: ROUTE_PERMISSION_CONFIG_ERROR: /,
      ),
    ]);
  });

  it('rejects route permissions the manifest does not declare', () => {
    expect(
      issuesOf((m) => (m.admin.apiRoutes[0].permissions = ['crm-lite.deals.read'])),
    ).toStrictEqual([
      "admin.apiRoutes.0.permissions.0: Permission crm-lite.deals.read is not declared in the manifest's permissions",
    ]);
  });

  it('rejects a non-https or credential-bearing entry URL', () => {
    expect(
      issuesOf((m) => (m.frontend.entryUrl = 'http://modules.example.com/crm-lite/index.html')),
    ).toStrictEqual([
      'frontend.entryUrl: Must be an https URL (http only on loopback, for local development)',
    ]);
    // Not loopback, though it looks local.
    for (const host of ['localhost.example.com', '127.0.0.2', '10.0.0.1', '[::2]']) {
      expect(issuesOf((m) => (m.frontend.entryUrl = `http://${host}:4101/ui`))).toHaveLength(1);
    }
    expect(issuesOf((m) => (m.frontend.entryUrl = 'javascript:alert(1)'))).toHaveLength(1);
    expect(
      issuesOf((m) => (m.frontend.entryUrl = 'https://user:pw@modules.example.com/index.html')),
    ).toStrictEqual(['frontend.entryUrl: Must have no credentials, query or fragment']);
  });

  it('accepts a plain-http entry URL on a loopback host (local development)', () => {
    for (const host of ['localhost', '127.0.0.1', '[::1]', 'LOCALHOST']) {
      expect(issuesOf((m) => (m.frontend.entryUrl = `http://${host}:4101/ui`))).toStrictEqual([]);
    }
  });

  it('rejects a runtime other than v1 or a target without a valid health path', () => {
    expect(issuesOf((m) => (m.runtime.apiVersion = 'v2'))).toHaveLength(1);
    expect(issuesOf((m) => (m.runtime.target.healthPath = 'health'))).toHaveLength(1);
    expect(issuesOf((m) => (m.runtime.target.baseUrl = 'ftp://crm-lite/api'))).toHaveLength(1);
    expect(issuesOf((m) => delete m.runtime.target)).toHaveLength(1);
  });

  it('rejects a module id that is not a lower-kebab key', () => {
    for (const id of ['CRM-Lite', 'crm_lite', '-crm', 'crm--lite', '1crm', '']) {
      expect(
        issuesOf((m) => (m.id = id)),
        id,
      ).toHaveLength(1);
    }
  });

  it('rejects a missing PRD §18 field', () => {
    for (const field of [
      'description',
      'permissions',
      'sharedEntities',
      'events',
      'configSchema',
    ]) {
      expect(
        issuesOf((m) => delete m[field]),
        field,
      ).toStrictEqual([expect.stringMatching(new RegExp(`^${field}: `))]);
    }
  });

  it('rejects unknown fields instead of ignoring them', () => {
    expect(issuesOf((m) => (m.admin.apiRoutes[0].minimumrole = 'member'))).toStrictEqual([
      expect.stringMatching(/^admin\.apiRoutes\.0: Unrecognized key/),
    ]);
  });

  it('rejects invalid or duplicate event declarations', () => {
    expect(issuesOf((m) => (m.events.emits[0].name = 'ContactCreated'))).toHaveLength(1);
    expect(issuesOf((m) => delete m.events.emits[0].schema)).toHaveLength(1);
    expect(issuesOf((m) => m.events.emits.push({ ...m.events.emits[0] }))).toStrictEqual([
      'events.emits.1: Event crm-lite.contact.created is declared twice',
    ]);
  });

  it('rejects route collisions and navigation to undeclared pages', () => {
    expect(issuesOf((m) => m.admin.apiRoutes.push({ ...m.admin.apiRoutes[0] }))).toStrictEqual([
      'admin.apiRoutes.3: API route GET /contacts is declared twice',
    ]);
    expect(issuesOf((m) => (m.site.navigation[0].path = '/missing'))).toStrictEqual([
      'site.navigation.0.path: Navigation links to /missing, which is no page of this layer',
    ]);
  });

  it('rejects paths that could escape the layer mount point', () => {
    for (const path of ['/../admin', '/contacts/..', 'contacts', '//evil.example', '/a b']) {
      expect(
        issuesOf((m) => (m.admin.apiRoutes[0].path = path)),
        path,
      ).toHaveLength(1);
    }
  });

  it('rejects unknown shared entities', () => {
    expect(issuesOf((m) => (m.sharedEntities = ['contacts', 'stripe_secrets']))).toHaveLength(1);
  });

  it('accepts an http(s) $schema on the root for editors, up to 2048 characters, and keeps it', () => {
    const url = 'https://platform.example.com/api/sdk/schemas/module-manifest.json';
    const manifest = { $schema: url, ...crmManifest() };
    expect(moduleManifestSchema.parse(manifest)).toStrictEqual(manifest);
    const long = `https://platform.example.com/${'a'.repeat(2048 - 29)}`;
    expect(long).toHaveLength(MODULE_MANIFEST_LIMITS.schemaUrlLength);
    expect(issuesOf((m) => (m.$schema = long))).toStrictEqual([]);
    expect(issuesOf((m) => (m.$schema = `${long}a`))).toStrictEqual([
      '$schema: Must be at most 2048 characters',
    ]);
    for (const bad of ['./module-manifest.schema.json', 'file:///schemas/manifest.json', 42]) {
      expect(issuesOf((m) => (m.$schema = bad))).toStrictEqual([
        expect.stringMatching(/^\$schema: /),
      ]);
    }
    expect(issuesOf((m) => (m.admin.$schema = url))).toStrictEqual([
      'admin: Unrecognized key: "$schema"',
    ]);
  });

  it('bounds every list: at the bound accepted, one more refused', () => {
    const fill = (count: number, make: (i: number) => unknown) =>
      Array.from({ length: count }, (_, i) => make(i));
    const lists: Array<[string, number, (m: Record<string, any>, count: number) => void]> = [
      [
        'admin.pages',
        100,
        (m, n) =>
          m.admin.pages.push(
            ...fill(n - m.admin.pages.length, (i) => ({ path: `/p${i}`, title: 'P' })),
          ),
      ],
      [
        'site.pages',
        100,
        (m, n) =>
          m.site.pages.push(
            ...fill(n - m.site.pages.length, (i) => ({ path: `/p${i}`, title: 'P' })),
          ),
      ],
      [
        'admin.apiRoutes',
        100,
        (m, n) =>
          (m.admin.apiRoutes = fill(n, (i) => ({
            method: 'GET',
            path: `/r${i}`,
            minimumRole: 'member',
          }))),
      ],
      [
        'admin.navigation',
        100,
        (m, n) => (m.admin.navigation = fill(n, (i) => ({ label: `L${i}`, path: '/contacts' }))),
      ],
      [
        'permissions',
        200,
        (m, n) =>
          m.permissions.push(...fill(n - m.permissions.length, (i) => `crm-lite.p${i}.read`)),
      ],
      [
        'admin.apiRoutes.0.permissions',
        20,
        (m, n) => {
          const keys = fill(n, (i) => `crm-lite.p${i}.read`);
          m.permissions.push(...keys);
          m.admin.apiRoutes[0].permissions = keys;
        },
      ],
      ['capabilities', 50, (m, n) => (m.capabilities = fill(n, (i) => `capability-${i}`))],
      [
        'events.emits',
        100,
        (m, n) =>
          (m.events.emits = fill(n, (i) => ({ name: `crm-lite.e${i}.created`, schema: {} }))),
      ],
      [
        'events.consumes',
        100,
        (m, n) =>
          (m.events.consumes = fill(n, (i) => ({ name: `workspace.e${i}.created`, schema: {} }))),
      ],
    ];
    for (const [path, bound, set] of lists) {
      expect(
        issuesOf((m) => set(m, bound)),
        path,
      ).toStrictEqual([]);
      expect(
        issuesOf((m) => set(m, bound + 1)),
        path,
      ).toStrictEqual([
        expect.stringMatching(
          new RegExp(`^${path.replaceAll('.', '\\.')}: Must hold at most ${bound} `),
        ),
      ]);
    }
  });
});
