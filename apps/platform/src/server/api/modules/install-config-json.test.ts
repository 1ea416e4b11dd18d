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
// the value's path, never a 500, nothing written.

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
});
