import { migrateUp, schemaVersion } from '@aiconnected/db';
import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createScratchMigrations, type ScratchMigrations } from './support/fixture-migrations';

let scratch: TestDatabase;
let migrations: ScratchMigrations;

beforeAll(async () => {
  scratch = await createTestDatabase({ empty: true });
  migrations = await createScratchMigrations();
  // Slow enough that the second runner certainly arrives while the first holds the lock.
  await migrations.write(
    '001_people.sql',
    'select pg_sleep(0.5);\ncreate table public.fixture_people (id integer primary key, name text not null);\n' +
      "create function public.fixture_people_count() returns bigint language sql stable as 'select count(*) from public.fixture_people';\n",
  );
});
afterAll(async () => {
  await Promise.all([scratch.drop(), migrations.cleanup()]);
});

it('serialises two runners: both succeed and each file is applied once', async () => {
  // Two pools, as two processes (web and worker) starting together would have.
  const first = new pg.Pool({ connectionString: scratch.url, max: 1 });
  const second = new pg.Pool({ connectionString: scratch.url, max: 1 });
  try {
    const [a, b] = await Promise.all([
      migrateUp(first, { dir: migrations.dir }),
      migrateUp(second, { dir: migrations.dir }),
    ]);
    const applied = [...a, ...b].map((step) => step.file).sort();
    expect(applied).toStrictEqual(['001_people.sql', '002_zoo.sql', '003_people_email.sql']);
    expect([a.length, b.length].sort()).toStrictEqual([0, 3]);
  } finally {
    await Promise.all([first.end(), second.end()]);
  }
  expect(await schemaVersion(scratch.admin)).toBe(3);
  const { rows } = await scratch.admin.query(
    'select count(*)::int as n from shell_migrations.applied',
  );
  expect(rows).toStrictEqual([{ n: 3 }]);
});
