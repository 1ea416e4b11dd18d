import { randomUUID } from 'node:crypto';
import { manifestJsonSchema } from '@aiconnected/module-sdk';
import type { SDKContractVersionList, SDKContractVersionRecord } from '@aiconnected/sdk-contracts';
import { describe, expect, it } from 'vitest';
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

// The SDK contract endpoints (PRD §41, §20.3) on real Postgres.

let setup: ApiTestSetup<RoleTree>;
let tokens: Record<MemberLabel, string>;

setupApiTest(seedRoleTree, async (ready) => {
  setup = ready;
  tokens = await signInAll(ready.api, ready.tree);
});

const call = (who: MemberLabel, method: string, path: string, body?: unknown) =>
  setup.api.request(`/api${path}`, as(tokens[who], method, body));
const contract = () => `contract-${randomUUID().slice(0, 8)}`;
const schema = (required: string[]) => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: { id: { type: 'string' }, note: { type: 'string' } },
  required,
});
async function versions(name: string): Promise<string[]> {
  const { rows } = await setup.database.admin.query<{ semver: string }>(
    'select semver from public.sdk_contract_versions where contract_name = $1 order by created_at',
    [name],
  );
  return rows.map((row) => row.semver);
}

describe('GET /sdk/contracts', () => {
  it('lists the published versions to any signed-in user, filtered', async () => {
    const response = await call(
      'A1.business_user',
      'GET',
      '/sdk/contracts?contract_name=module-manifest&status=active',
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as SDKContractVersionList;
    expect(body.items.map((item) => item.semver)).toStrictEqual([
      '1.4.0',
      '1.3.0',
      '1.2.0',
      '1.1.0',
      '1.0.0',
    ]);
    expect(body.items[0]).toStrictEqual({
      id: expect.any(String),
      contract_name: 'module-manifest',
      semver: '1.4.0',
      status: 'active',
      schema_json: manifestJsonSchema(),
      published_at: expect.stringMatching(/Z$/),
      created_at: expect.stringMatching(/Z$/),
    });
    await expectError(await setup.api.request('/api/sdk/contracts'), 'AUTH_REQUIRED');
  });
});

describe('GET /sdk/contracts drafts', () => {
  it('lists draft versions only to super with settings.manage; others see the published ones', async () => {
    const name = contract();
    await setup.database.admin.query(
      `insert into public.sdk_contract_versions (contract_name, semver, status, schema_json, published_at)
       values ($1, '0.8.0', 'retired', '{}', now()), ($1, '0.9.0', 'deprecated', '{}', now()),
              ($1, '1.0.0', 'active', '{}', now()), ($1, '1.1.0', 'draft', '{}', null)`,
      [name],
    );
    const listed = async (who: MemberLabel, query = '') => {
      const response = await call(who, 'GET', `/sdk/contracts?contract_name=${name}${query}`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as SDKContractVersionList;
      return body.items.map((item) => `${item.semver}:${item.status}`);
    };
    const published = ['1.0.0:active', '0.9.0:deprecated', '0.8.0:retired'];
    expect(await listed('S.super_admin')).toStrictEqual(['1.1.0:draft', ...published]);
    expect(await listed('S.super_admin', '&status=draft')).toStrictEqual(['1.1.0:draft']);
    // settings.manage outside the platform workspace, or super without it: no drafts.
    for (const who of ['S.super_manager', 'A.agency_admin', 'A1.business_user'] as const) {
      expect(await listed(who)).toStrictEqual(published);
      expect(await listed(who, '&status=draft')).toStrictEqual([]);
    }
  });
});

describe('POST /sdk/contracts', () => {
  it('publishes as super admin (201), audited; a breaking change needs a major bump', async () => {
    const name = contract();
    const response = await call('S.super_admin', 'POST', '/sdk/contracts', {
      contract_name: name,
      semver: '1.0.0',
      schema_json: schema(['id']),
    });
    expect(response.status).toBe(201);
    const record = (await response.json()) as SDKContractVersionRecord;
    expect(record).toMatchObject({ contract_name: name, semver: '1.0.0', status: 'active' });
    expect(await auditRowsOf(setup.database, correlationIdOf(response))).toStrictEqual([
      auditRow({
        workspace: setup.tree.workspaces.S.id,
        actor: setup.tree.members['S.super_admin'].id,
        action: 'sdk_contract.publish',
        target: { type: 'sdk_contract_version', id: record.id },
        metadata: {
          contract_name: name,
          semver: '1.0.0',
          status: 'active',
          previous_version: null,
          breaking: false,
        },
      }),
    ]);

    await expectError(
      await call('S.super_admin', 'POST', '/sdk/contracts', {
        contract_name: name,
        semver: '1.1.0',
        schema_json: schema(['id', 'note']),
      }),
      'SDK_CONTRACT_INCOMPATIBLE',
      {
        contract_name: name,
        previous_version: '1.0.0',
        required_version: '2.0.0',
        changes: [
          {
            path: '/required/note',
            kind: 'required-added',
            breaking: true,
            detail: '"note" is now required',
          },
        ],
      },
    );
    await expectError(
      await call('S.super_admin', 'POST', '/sdk/contracts', {
        contract_name: name,
        semver: '1.0.0',
        schema_json: schema(['id']),
      }),
      'CONFLICT',
      { contract_name: name, reason: 'not_above_highest', highest_version: '1.0.0' },
    );
    expect(await versions(name)).toStrictEqual(['1.0.0']);
    const major = await call('S.super_admin', 'POST', '/sdk/contracts', {
      contract_name: name,
      semver: '2.0.0',
      schema_json: schema(['id', 'note']),
    });
    expect(major.status).toBe(201);
    expect(await versions(name)).toStrictEqual(['1.0.0', '2.0.0']);
  });

  it('refuses a schema that does not compile and a malformed semver (VALIDATION_BLOCKING)', async () => {
    const name = contract();
    for (const body of [
      { contract_name: name, semver: '1.0.0', schema_json: { type: 'objekt' } },
      { contract_name: name, semver: 'v1', schema_json: schema([]) },
    ]) {
      const response = await call('S.super_admin', 'POST', '/sdk/contracts', body);
      expect(response.status).toBe(422);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'VALIDATION_BLOCKING',
      );
    }
    expect(await versions(name)).toStrictEqual([]);
  });

  it('stores schema_json as sent: a __proto__ key is a plain key, not dropped', async () => {
    const name = contract();
    // As raw text: a literal's `__proto__` sets the prototype, and JSON.stringify drops it.
    const sent =
      '{"type":"object","properties":{"__proto__":{"type":"integer"}},"default":{"__proto__":{"a":1}}}';
    const response = await setup.api.request('/api/sdk/contracts', {
      ...as(tokens['S.super_admin'], 'POST', {}),
      body: `{"contract_name":"${name}","semver":"1.0.0","schema_json":${sent}}`,
    });
    expect(response.status, await response.clone().text()).toBe(201);
    const { rows } = await setup.database.admin.query<{ schema: string }>(
      'select schema_json::text as schema from public.sdk_contract_versions where contract_name = $1',
      [name],
    );
    const stored = JSON.parse(rows[0]?.schema ?? '{}') as Record<string, Record<string, unknown>>;
    expect(Object.getOwnPropertyDescriptor(stored.properties, '__proto__')?.value).toStrictEqual({
      type: 'integer',
    });
    expect(Object.getOwnPropertyDescriptor(stored.default, '__proto__')?.value).toStrictEqual({
      a: 1,
    });
  });

  it('refuses schema_json with NUL, a lone surrogate or 10 000 levels: 422 at the path, nothing stored', async () => {
    const name = contract();
    const post = (body: string) =>
      setup.api.request('/api/sdk/contracts', {
        ...as(tokens['S.super_admin'], 'POST', {}),
        body,
      });
    const envelope = (path: string, message: string) => ({
      issues: [{ path, message }],
    });
    const head = `{"contract_name":"${name}","semver":"1.0.0","schema_json":`;
    await expectError(
      await post(`${head}{"title":"x\\u0000y"}}`),
      'VALIDATION_BLOCKING',
      envelope('body.schema_json.title', 'Must not contain the NUL character (\\u0000)'),
    );
    await expectError(
      await post(`${head}{"description":"\\ud800"}}`),
      'VALIDATION_BLOCKING',
      envelope('body.schema_json.description', 'Must be valid Unicode text'),
    );
    await expectError(
      await post(`${head}{"default":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`),
      'VALIDATION_BLOCKING',
      envelope(
        ['body.schema_json.default', ...Array.from({ length: 63 }, () => '0')].join('.'),
        'Must not nest arrays and objects deeper than 64 levels',
      ),
    );
    expect(await versions(name)).toStrictEqual([]);
  });

  it.each<MemberLabel>([
    'S.super_manager',
    'A.agency_admin',
    'B1.business_admin',
    'A1.business_user',
  ])('refuses %s (settings.manage in the platform workspace), nothing changed', async (who) => {
    const name = contract();
    await expectError(
      await call(who, 'POST', '/sdk/contracts', {
        contract_name: name,
        semver: '1.0.0',
        schema_json: schema([]),
      }),
      'PERMISSION_DENIED',
      { required_permission: 'settings.manage' },
    );
    expect(await versions(name)).toStrictEqual([]);
  });
});

describe('GET /sdk/compatibility', () => {
  it('answers whether a range admits the shell version', async () => {
    for (const [range, compatible] of [
      ['^1.0.0', true],
      ['^1.1.0', true],
      ['^1.2.0', true],
      ['^1.3.0', true],
      ['^1.4.0', true],
      ['>=1.5.0', false],
      ['^2.0.0', false],
    ] as const) {
      const response = await call(
        'A1.business_user',
        'GET',
        `/sdk/compatibility?range=${encodeURIComponent(range)}`,
      );
      expect(await response.json()).toStrictEqual({ range, shell_version: '1.4.0', compatible });
    }
    const bad = await call('A1.business_user', 'GET', '/sdk/compatibility?range=banana');
    expect(bad.status).toBe(422);
    await expectError(
      await setup.api.request('/api/sdk/compatibility?range=^1.0.0'),
      'AUTH_REQUIRED',
    );
  });
});

describe('GET /sdk/schemas/module-manifest.json', () => {
  it('serves the manifest JSON Schema publicly, cacheable', async () => {
    const response = await setup.api.request('/api/sdk/schemas/module-manifest.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/schema+json');
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await response.json()).toStrictEqual(manifestJsonSchema());
  });
});
