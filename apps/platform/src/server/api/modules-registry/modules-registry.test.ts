import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  MANIFEST_FINDING_CODES,
  type ModuleImportResult,
  type ModuleRegistryList,
  type ModuleRegistryModule,
  type ModuleRegistryRecord,
  type ModuleRegistryRollbackResult,
} from '@aiconnected/sdk-contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  auditRow,
  auditRowsOf,
  correlationIdOf,
  expectError,
  seedRoleTree,
  setupApiTest,
  signInAll,
  type ApiTestSetup,
  type MemberLabel,
  type RoleTree,
} from '@aiconnected/platform/testing';

// The registry endpoints (PRD §19, §20.3) on real Postgres, with a loopback stand-in of a
// module's package host for `package_uri`.

let setup: ApiTestSetup<RoleTree>;
let tokens: Record<MemberLabel, string>;
let packageHost: Server;
let packageBase: string;
const served = new Map<string, { body: string; type?: string }>();

setupApiTest(seedRoleTree, async (ready) => {
  setup = ready;
  tokens = await signInAll(ready.api, ready.tree);
});
beforeAll(async () => {
  packageHost = createServer((request, response) => {
    const file = served.get(request.url ?? '');
    if (request.url === '/hang') return; // never answers
    if (file === undefined) response.writeHead(404).end();
    else
      response.writeHead(200, { 'content-type': file.type ?? 'application/json' }).end(file.body);
  });
  await new Promise<void>((resolve) => packageHost.listen(0, '127.0.0.1', resolve));
  packageBase = `http://127.0.0.1:${(packageHost.address() as AddressInfo).port}`;
});
afterAll(async () => {
  packageHost.closeAllConnections();
  await new Promise((resolve) => packageHost.close(resolve));
});

const call = (who: MemberLabel, method: string, path: string, body?: unknown) =>
  setup.api.request(`/api${path}`, as(tokens[who], method, body));
const key = () => `mod-${randomUUID().slice(0, 8)}`;
const member = (label: MemberLabel) => setup.tree.members[label].id;

function manifestFor(moduleKey: string, version: string) {
  return {
    manifestVersion: 1,
    id: moduleKey,
    name: `Module ${moduleKey}`,
    version,
    description: 'A module of the registry API tests.',
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

async function registryCount(): Promise<number> {
  const { rows } = await setup.database.admin.query<{ n: number }>(
    'select (select count(*) from public.module_registry)::int + (select count(*) from public.module_catalog)::int as n',
  );
  return rows[0]?.n ?? -1;
}
async function imported(response: Response, status = 201): Promise<ModuleImportResult> {
  expect(response.status).toBe(status);
  return (await response.json()) as ModuleImportResult;
}
/** The one finding a registry-made report holds (a package_uri that gave no manifest). */
function singleFinding(code: keyof typeof MANIFEST_FINDING_CODES, message: string) {
  return {
    assessment: {
      module_key: null,
      version: null,
      manifest_version: null,
      outcome: 'rejected',
      error_code: 'MANIFEST_INVALID',
      counts: { blocking: 1, warning: 0 },
      findings: [
        {
          code,
          path: '',
          severity: 'blocking',
          message,
          fix_hint: MANIFEST_FINDING_CODES[code].fix,
        },
      ],
    },
  };
}

describe('POST /modules/import', () => {
  it('registers a clean manifest as the current version (201), audited', async () => {
    const moduleKey = key();
    const manifest = manifestFor(moduleKey, '1.0.0');
    const response = await call('S.super_admin', 'POST', '/modules/import', { manifest });
    const body = await imported(response);
    expect(body).toStrictEqual({
      assessment: {
        module_key: moduleKey,
        version: '1.0.0',
        manifest_version: 1,
        outcome: 'accepted',
        error_code: null,
        counts: { blocking: 0, warning: 0 },
        findings: [],
      },
      registry_record: {
        id: expect.any(String),
        module_key: moduleKey,
        version: '1.0.0',
        name: manifest.name,
        description: manifest.description,
        status: 'registered',
        origin: 'import',
        is_current: true,
        paid: false,
        created_at: expect.stringMatching(/Z$/),
        registered_at: expect.stringMatching(/Z$/),
        reviewed_at: null,
        review_note: null,
        manifest,
        assessment: body.assessment,
      },
    });
    expect(await auditRowsOf(setup.database, correlationIdOf(response))).toStrictEqual([
      auditRow({
        workspace: setup.tree.workspaces.S.id,
        actor: member('S.super_admin'),
        action: 'module.import',
        target: { type: 'module_registry', id: body.registry_record.id },
        metadata: {
          module_key: moduleKey,
          version: '1.0.0',
          status: 'registered',
          outcome: 'created',
          warnings: 0,
        },
      }),
    ]);
  });

  it('answers the same manifest again with the row already there (200), a different one MANIFEST_INCOMPATIBLE', async () => {
    const moduleKey = key();
    const manifest = manifestFor(moduleKey, '1.0.0');
    const first = await imported(
      await call('S.super_admin', 'POST', '/modules/import', { manifest }),
    );
    const again = await imported(
      await call('S.super_manager', 'POST', '/modules/import', { manifest }),
      200,
    );
    expect(again.registry_record).toStrictEqual(first.registry_record);
    expect(again.assessment.findings.map((finding) => finding.code)).toStrictEqual([
      'VERSION_ALREADY_REGISTERED',
    ]);
    const before = await registryCount();
    const changed = await call('S.super_admin', 'POST', '/modules/import', {
      manifest: { ...manifest, description: 'Changed after publishing' },
    });
    expect(changed.status).toBe(422);
    const envelope = (await changed.json()) as {
      error: { code: string; details: { assessment: { findings: { code: string }[] } } };
    };
    expect(envelope.error.code).toBe('MANIFEST_INCOMPATIBLE');
    expect(envelope.error.details.assessment.findings.map((finding) => finding.code)).toStrictEqual(
      ['VERSION_CONFLICT'],
    );
    expect(await registryCount()).toBe(before);
  });

  it('refuses a manifest with blocking findings with the whole report, registry unchanged', async () => {
    const before = await registryCount();
    const response = await call('S.super_admin', 'POST', '/modules/import', { manifest: 'hello' });
    await expectError(response, 'MANIFEST_INVALID', {
      assessment: {
        module_key: null,
        version: null,
        manifest_version: null,
        outcome: 'rejected',
        error_code: 'MANIFEST_INVALID',
        counts: { blocking: 1, warning: 0 },
        findings: [
          {
            code: 'MANIFEST_NOT_OBJECT',
            path: '',
            severity: 'blocking',
            message: expect.any(String) as unknown,
            fix_hint: expect.any(String) as unknown,
          },
        ],
      },
    });
    expect(await registryCount()).toBe(before);
  });

  it('refuses a manifest with NUL, a lone surrogate or 10 000 levels with a finding at the path (422), registry unchanged', async () => {
    const before = await registryCount();
    const manifestText = (moduleKey: string) => JSON.stringify(manifestFor(moduleKey, '1.0.0'));
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const fix = 'Remove the NUL character or the unpaired surrogate from the text';
    const cases: Array<[string, string, string, string, unknown[]?]> = [
      [
        manifestText(key()).replace('"description":"A module', '"description":"A\\u0000 module'),
        '/description',
        'Must not contain the NUL character (\\u0000)',
        fix,
      ],
      [
        manifestText(key()).replace(
          '"properties":{},"additionalProperties"',
          '"properties":{"\\udc00":{"type":"string"}},"additionalProperties"',
        ),
        '/configSchema/properties/\udc00',
        'Key: Must be valid Unicode text',
        fix,
        // ajv cannot make a JSON Pointer of that key either.
        [
          {
            code: 'CONFIG_SCHEMA_INVALID',
            path: '/configSchema',
            severity: 'blocking',
            message: 'Not a valid JSON Schema: URI malformed',
            fix_hint: 'Correct the schema as the message says.',
          },
        ],
      ],
      [
        manifestText(key()).replace('"configSchema":{', `"configSchema":{"default":${deep},`),
        `/configSchema/default${'/0'.repeat(62)}`,
        'Must not nest arrays and objects deeper than 64 levels',
        'Nest at most 64 levels of arrays and objects',
      ],
    ];
    for (const [manifest, path, message, fixHint, others = []] of cases) {
      const response = await setup.api.request('/api/modules/import', {
        ...as(tokens['S.super_admin'], 'POST', {}),
        body: `{"manifest":${manifest}}`,
      });
      const moduleKey = /"id":"([^"]+)"/.exec(manifest)?.[1];
      await expectError(response, 'MANIFEST_INVALID', {
        assessment: {
          module_key: moduleKey,
          version: '1.0.0',
          manifest_version: 1,
          outcome: 'rejected',
          error_code: 'MANIFEST_INVALID',
          counts: { blocking: 1 + others.length, warning: 0 },
          findings: [
            ...others,
            { code: 'FIELD_INVALID', path, severity: 'blocking', message, fix_hint: fixHint },
          ],
        },
      });
    }
    expect(await registryCount()).toBe(before);
  });

  it.each<[MemberLabel, string]>([
    ['A.agency_user', 'guard'],
    ['A.agency_admin', 'domain: not the platform workspace'],
    ['A.agency_manager', 'guard'],
    ['A1.business_admin', 'domain: not the platform workspace'],
    ['B1.business_user', 'guard'],
  ])('refuses %s (%s), nothing changed', async (who) => {
    const before = await registryCount();
    const response = await call(who, 'POST', '/modules/import', {
      manifest: manifestFor(key(), '1.0.0'),
    });
    await expectError(response, 'PERMISSION_DENIED', { required_permission: 'modules.install' });
    expect(await registryCount()).toBe(before);
  });

  it('asks for a session', async () => {
    await expectError(
      await setup.api.request('/api/modules/import', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ manifest: {} }),
      }),
      'AUTH_REQUIRED',
    );
  });

  it('refuses a body with both or neither of manifest and package_uri, or no object, saying what to send', async () => {
    const sendOne =
      'Send either `manifest` (the manifest JSON) or `package_uri` (its http(s) URL, at most 2048 characters), not both.';
    const registry = async () =>
      (await setup.database.admin.query('select * from public.module_registry order by id')).rows;
    const before = await registry();
    const cases: [unknown, string][] = [
      [{}, 'body.manifest'],
      [{ draft: true }, 'body.manifest'],
      [{ manifest: {}, package_uri: 'https://example.com/m.json' }, 'body'],
      [null, 'body'],
      [[], 'body'],
      ['x', 'body'],
      [{ package_uri: `https://example.com/${'a'.repeat(2030)}` }, 'body'],
    ];
    for (const [body, path] of cases) {
      await expectError(
        await call('S.super_admin', 'POST', '/modules/import', body),
        'VALIDATION_BLOCKING',
        { issues: [{ path, message: sendOne }] },
      );
    }
    expect(await registry()).toStrictEqual(before);
  });
});

describe('POST /modules/import {package_uri}', () => {
  it('fetches the manifest in local mode', async () => {
    const moduleKey = key();
    served.set(`/${moduleKey}.json`, { body: JSON.stringify(manifestFor(moduleKey, '3.1.0')) });
    const body = await imported(
      await call('S.super_admin', 'POST', '/modules/import', {
        package_uri: `${packageBase}/${moduleKey}.json`,
      }),
    );
    expect(body.registry_record).toMatchObject({ module_key: moduleKey, version: '3.1.0' });
  });

  it('reports what the URL gave instead of a manifest, registry unchanged', async () => {
    const before = await registryCount();
    served.set('/big.json', { body: `"${'x'.repeat(300 * 1024)}"` });
    served.set('/page', { body: '<html></html>', type: 'text/html; charset=utf-8' });
    const cases: [string, keyof typeof MANIFEST_FINDING_CODES, string][] = [
      ['/missing.json', 'PACKAGE_URI_UNREACHABLE', 'answered HTTP 404'],
      // Sent chunked (no Content-Length): cut while reading.
      ['/big.json', 'PACKAGE_URI_TOO_LARGE', `more than ${256 * 1024} bytes`],
      ['/page', 'PACKAGE_URI_NOT_JSON', 'content-type text/html; charset=utf-8, not JSON'],
    ];
    for (const [path, code, message] of cases) {
      const response = await call('S.super_admin', 'POST', '/modules/import', {
        package_uri: `${packageBase}${path}`,
      });
      await expectError(response, 'MANIFEST_INVALID', singleFinding(code, message));
    }
    await expectError(
      await call('S.super_admin', 'POST', '/modules/import', { package_uri: 'file:///etc/passwd' }),
      'MANIFEST_INVALID',
      singleFinding('PACKAGE_URI_FORBIDDEN', 'file: URLs are not fetched (http or https only)'),
    );
    expect(await registryCount()).toBe(before);
  });

  it('refuses loopback and private addresses outside local mode', async () => {
    const moduleKey = key();
    served.set(`/${moduleKey}.json`, { body: JSON.stringify(manifestFor(moduleKey, '1.0.0')) });
    setup.deps.config.isLocal = false;
    try {
      await expectError(
        await call('S.super_admin', 'POST', '/modules/import', {
          package_uri: `${packageBase}/${moduleKey}.json`,
        }),
        'MANIFEST_INVALID',
        singleFinding(
          'PACKAGE_URI_FORBIDDEN',
          'the host 127.0.0.1 resolves to a non-public address (loopback); only public addresses are fetched',
        ),
      );
      await expectError(
        await call('S.super_admin', 'POST', '/modules/import', {
          package_uri: 'http://169.254.169.254/latest/meta-data/',
        }),
        'MANIFEST_INVALID',
        singleFinding(
          'PACKAGE_URI_FORBIDDEN',
          'the host 169.254.169.254 resolves to a non-public address (linkLocal); only public addresses are fetched',
        ),
      );
    } finally {
      setup.deps.config.isLocal = true;
    }
  });

  it('gives up after 5 seconds', { timeout: 15_000 }, async () => {
    await expectError(
      await call('S.super_admin', 'POST', '/modules/import', {
        package_uri: `${packageBase}/hang`,
      }),
      'MANIFEST_INVALID',
      singleFinding('PACKAGE_URI_UNREACHABLE', 'no answer within 5000 ms'),
    );
  });
});

describe('drafts, versions and rollback', () => {
  it('imports a draft, lists it in the review queue, promotes one and rejects another', async () => {
    const moduleKey = key();
    const draft = await imported(
      await call('S.super_admin', 'POST', '/modules/import', {
        manifest: manifestFor(moduleKey, '1.0.0'),
        draft: true,
      }),
    );
    expect(draft.registry_record).toMatchObject({ status: 'draft', is_current: false });
    await call('S.super_admin', 'POST', '/modules/import', {
      manifest: manifestFor(moduleKey, '1.1.0'),
      draft: true,
    });
    const queue = (await (
      await call('S.super_manager', 'GET', `/modules/registry?status=draft&module_key=${moduleKey}`)
    ).json()) as ModuleRegistryList;
    expect(queue.items.map((item) => [item.version, item.status])).toStrictEqual([
      ['1.0.0', 'draft'],
      ['1.1.0', 'draft'],
    ]);

    const promote = await call(
      'S.super_admin',
      'POST',
      `/modules/registry/${moduleKey}/versions/1.0.0/promote`,
    );
    const promoted = await imported(promote, 200);
    expect(promoted.registry_record).toMatchObject({ status: 'registered', is_current: true });
    expect(
      (await auditRowsOf(setup.database, correlationIdOf(promote))).map((row) => row.action),
    ).toStrictEqual(['module.promote']);
    await expectError(
      await call('S.super_admin', 'POST', `/modules/registry/${moduleKey}/versions/1.0.0/promote`),
      'CONFLICT',
      { status: 'registered', action: 'promote' },
    );

    const reject = await call(
      'S.super_manager',
      'POST',
      `/modules/registry/${moduleKey}/versions/1.1.0/reject`,
      { reason: ' Needs fewer permissions ' },
    );
    expect(reject.status).toBe(200);
    expect((await reject.json()) as ModuleRegistryRecord).toMatchObject({
      status: 'rejected',
      review_note: 'Needs fewer permissions',
    });
    const blank = await call(
      'S.super_admin',
      'POST',
      `/modules/registry/${moduleKey}/versions/1.1.0/reject`,
      {
        reason: '  ',
      },
    );
    expect(blank.status).toBe(422);

    await expectError(
      await call('A.agency_admin', 'POST', `/modules/registry/${moduleKey}/versions/1.1.0/promote`),
      'PERMISSION_DENIED',
      { required_permission: 'modules.install' },
    );
    await expectError(
      await call('S.super_admin', 'POST', `/modules/registry/${moduleKey}/versions/9.9.9/promote`),
      'MODULE_NOT_REGISTERED',
      { module_key: moduleKey, version: '9.9.9' },
    );
  });

  it('reads a module highest version first and rolls its current version back', async () => {
    const moduleKey = key();
    for (const version of ['1.0.0', '2.0.0']) {
      await imported(
        await call('S.super_admin', 'POST', '/modules/import', {
          manifest: manifestFor(moduleKey, version),
        }),
      );
    }
    const read = (await (
      await call('S.super_admin', 'GET', `/modules/registry/${moduleKey}`)
    ).json()) as ModuleRegistryModule;
    expect(read.current_version).toBe('2.0.0');
    expect(read.versions.map((version) => version.version)).toStrictEqual(['2.0.0', '1.0.0']);

    const rollback = await call('S.super_admin', 'POST', `/modules/registry/${moduleKey}/rollback`);
    expect(rollback.status).toBe(200);
    const body = (await rollback.json()) as ModuleRegistryRollbackResult;
    expect(body).toMatchObject({
      module_key: moduleKey,
      from_version: '2.0.0',
      to_version: '1.0.0',
    });
    expect(await auditRowsOf(setup.database, correlationIdOf(rollback))).toStrictEqual([
      auditRow({
        workspace: setup.tree.workspaces.S.id,
        actor: member('S.super_admin'),
        action: 'module.rollback',
        target: { type: 'module_registry', id: body.registry_record.id },
        metadata: { module_key: moduleKey, from_version: '2.0.0', to_version: '1.0.0' },
      }),
    ]);
    await expectError(
      await call('S.super_admin', 'POST', `/modules/registry/${moduleKey}/rollback`),
      'CONFLICT',
      { module_key: moduleKey, current_version: '1.0.0', reason: 'no_lower_version' },
    );
    const unknownKey = key();
    await expectError(
      await call('S.super_admin', 'GET', `/modules/registry/${unknownKey}`),
      'MODULE_NOT_REGISTERED',
      { module_key: unknownKey },
    );
    await expectError(
      await call('B.agency_admin', 'GET', '/modules/registry'),
      'PERMISSION_DENIED',
      {
        required_permission: 'modules.install',
      },
    );
  });
});
