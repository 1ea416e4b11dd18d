import {
  MIGRATIONS_DIR,
  listMigrations,
  migrateDown,
  migrationStatus,
  schemaVersion,
} from '@aiconnected/db';
import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => {
  await test.drop();
});

it('ships down files for 001-014 only: 015 and 016 are forward-only (PRD §12.6)', async () => {
  const status = await migrationStatus(test.admin, { dir: MIGRATIONS_DIR });
  expect(status.filter((entry) => !entry.reversible).map((entry) => entry.file)).toStrictEqual([
    '015_rls_extension_policies.sql',
    '016_sdk_contract_versions.sql',
  ]);
});

it('refuses to migrate the real schema down past 016 or 015, changing nothing', async () => {
  await expect(migrateDown(test.admin, { dir: MIGRATIONS_DIR, to: 0 })).rejects.toMatchObject({
    code: 'FORWARD_ONLY',
    file: '016_sdk_contract_versions.sql',
    message:
      'Cannot migrate down to 0: 016_sdk_contract_versions.sql, 015_rls_extension_policies.sql are forward-only (PRD §12.6); roll forward with a corrective migration instead',
  });
  await expect(migrateDown(test.admin, { dir: MIGRATIONS_DIR, to: 15 })).rejects.toMatchObject({
    code: 'FORWARD_ONLY',
    file: '016_sdk_contract_versions.sql',
  });
  // Refused before anything ran: still at the newest migration.
  const newest = (await listMigrations(MIGRATIONS_DIR)).at(-1)?.version;
  expect(await schemaVersion(test.admin)).toBe(newest);
});
