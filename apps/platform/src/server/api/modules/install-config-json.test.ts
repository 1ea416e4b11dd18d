import { testManifest } from '@aiconnected/modules/testing';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  as,
  expectError,
  setupRoleTreeApiTest,
  snapshotTables,
} from '@aiconnected/platform/testing';

// POST /modules/{key}/install with a config Postgres jsonb cannot store (NUL, a lone
// surrogate) or nested deep enough to exhaust a recursive parser: 422 VALIDATION_BLOCKING at
// the value's path, never a 500, nothing written; a `__proto__` key is a plain key, stored as
// sent.

const { setup, ws, call } = setupRoleTreeApiTest();

describe('POST /modules/{key}/install config as storable JSON', () => {
  it('refuses NUL, a lone surrogate and 10 000 levels with the path, changing nothing', async () => {
    const key = `mod-${randomUUID().slice(0, 8)}`;
    const manifest = testManifest({ key, baseUrl: 'http://127.0.0.1:9/' });
    const imported = await call('S.super_admin', 'POST', '/modules/import', { manifest });
    expect(imported.status, await imported.clone().text()).toBe(201);
    const before = await snapshotTables(setup.database);
    const head = `{"workspace_id":"${ws('A1').id}","config":`;
    const cases: Array<[string, string, string]> = [
      ['{"a":"x\\u0000y"}', 'body.config.a', 'Must not contain the NUL character (\\u0000)'],
      ['{"\\ud800":1}', 'body.config.\ud800', 'Key: Must be valid Unicode text'],
      [
        `{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
        ['body.config.a', ...Array.from({ length: 63 }, () => '0')].join('.'),
        'Must not nest arrays and objects deeper than 64 levels',
      ],
    ];
    for (const [config, path, message] of cases) {
      const response = await setup.api.request(`/api/modules/${key}/install`, {
        ...as(setup.tokens['A.agency_admin'], 'POST', {}),
        body: `${head}${config}}`,
      });
      await expectError(response, 'VALIDATION_BLOCKING', { issues: [{ path, message }] });
    }
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
  });

  it('stores a config with __proto__ keys as sent, not dropped', async () => {
    const key = `mod-${randomUUID().slice(0, 8)}`;
    const manifest = testManifest({ key, baseUrl: 'http://127.0.0.1:9/' });
    const imported = await call('S.super_admin', 'POST', '/modules/import', { manifest });
    expect(imported.status, await imported.clone().text()).toBe(201);
    // As raw text: a literal's `__proto__` sets the prototype, and JSON.stringify drops it.
    const config = '{"__proto__":{"admin":true},"nested":{"__proto__":[1,2]},"plain":1}';
    const response = await setup.api.request(`/api/modules/${key}/install`, {
      ...as(setup.tokens['A.agency_admin'], 'POST', {}),
      body: `{"workspace_id":"${ws('A1').id}","config":${config}}`,
    });
    expect(response.status, await response.clone().text()).toBe(200);
    const { rows } = await setup.database.admin.query<{ config: string }>(
      `select config_json::text as config from public.module_installations
        where module_key = $1 and workspace_id = $2`,
      [key, ws('A1').id],
    );
    const stored = JSON.parse(rows[0]?.config ?? '{}') as Record<string, unknown>;
    expect(Object.keys(stored).sort()).toStrictEqual(['__proto__', 'nested', 'plain']);
    expect(Object.getOwnPropertyDescriptor(stored, '__proto__')?.value).toStrictEqual({
      admin: true,
    });
    const nested = stored.nested as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(nested, '__proto__')?.value).toStrictEqual([1, 2]);
  });
});
