import { migrateDown, migrateUp, migrationStatus, schemaVersion } from '@aiconnected/db';
import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshotCatalog } from './support/catalog-snapshot';
import { FIXTURE_MIGRATIONS_DIR } from './support/fixture-migrations';

const dir = FIXTURE_MIGRATIONS_DIR;
let scratch: TestDatabase;

beforeEach(async () => {
  scratch = await createTestDatabase({ empty: true });
});
afterEach(async () => {
  await scratch.drop();
});

describe('migrateUp / migrateDown on an empty database', () => {
  it('reports version null and every file pending before the first run', async () => {
    expect(await schemaVersion(scratch.admin)).toBeNull();
    const status = await migrationStatus(scratch.admin, { dir });
    expect(status.map((entry) => [entry.file, entry.state, entry.reversible])).toStrictEqual([
      ['001_people.sql', 'pending', true],
      ['002_zoo.sql', 'pending', true],
      ['003_people_email.sql', 'pending', true],
    ]);
  });

  it('applies everything in order, then has nothing left to do', async () => {
    const steps = await migrateUp(scratch.admin, { dir });
    expect(steps.map((step) => [step.direction, step.file])).toStrictEqual([
      ['up', '001_people.sql'],
      ['up', '002_zoo.sql'],
      ['up', '003_people_email.sql'],
    ]);
    expect(await schemaVersion(scratch.admin)).toBe(3);
    expect(await migrateUp(scratch.admin, { dir })).toStrictEqual([]);

    const { rows } = await scratch.admin.query(
      'select version, name, checksum from shell_migrations.applied order by version',
    );
    expect(rows.map((row) => [row.version, row.name])).toStrictEqual([
      [1, 'people'],
      [2, 'zoo'],
      [3, 'people_email'],
    ]);
    for (const row of rows) expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('stops at --to, reports progress, and continues from there', async () => {
    const progress: string[] = [];
    await migrateUp(scratch.admin, { dir, to: 2, onStep: (step) => progress.push(step.file) });
    expect(progress).toStrictEqual(['001_people.sql', '002_zoo.sql']);
    expect(await schemaVersion(scratch.admin)).toBe(2);
    const status = await migrationStatus(scratch.admin, { dir });
    expect(status.map((entry) => entry.state)).toStrictEqual(['applied', 'applied', 'pending']);
    expect(status[0]?.appliedAt).toBeInstanceOf(Date);

    const rest = await migrateUp(scratch.admin, { dir });
    expect(rest.map((step) => step.file)).toStrictEqual(['003_people_email.sql']);
  });

  it('undoes newest first down to --to, and down to 0 leaves the database as it was', async () => {
    const before = await snapshotCatalog(scratch.admin);
    await migrateUp(scratch.admin, { dir });
    // The snapshot sees the runner's own schema, so its absence at the end is checked too.
    expect(await snapshotCatalog(scratch.admin)).toContain('schema shell_migrations');
    await scratch.admin.query(
      "insert into fixture_people (id, name, email) values (1, 'Ada', 'ada@example.com')",
    );

    const toOne = await migrateDown(scratch.admin, { dir, to: 1 });
    expect(toOne.map((step) => [step.direction, step.file])).toStrictEqual([
      ['down', '003_people_email.down.sql'],
      ['down', '002_zoo.down.sql'],
    ]);
    expect(await schemaVersion(scratch.admin)).toBe(1);
    const { rows } = await scratch.admin.query('select * from fixture_people');
    expect(rows).toStrictEqual([{ id: 1, name: 'Ada' }]);

    const toZero = await migrateDown(scratch.admin, { dir, to: 0 });
    expect(toZero.map((step) => step.file)).toStrictEqual(['001_people.down.sql']);
    expect(await schemaVersion(scratch.admin)).toBeNull();
    expect(await snapshotCatalog(scratch.admin)).toStrictEqual(before);
  });

  it('treats down to 0 on a never-migrated database as nothing to do', async () => {
    const before = await snapshotCatalog(scratch.admin);
    expect(await migrateDown(scratch.admin, { dir, to: 0 })).toStrictEqual([]);
    expect(await snapshotCatalog(scratch.admin)).toStrictEqual(before);
  });

  it('refuses targets that name no migration', async () => {
    await expect(migrateUp(scratch.admin, { dir, to: 4 })).rejects.toMatchObject({
      name: 'MigrationError',
      code: 'INVALID_TARGET',
    });
    await expect(migrateDown(scratch.admin, { dir, to: -1 })).rejects.toMatchObject({
      code: 'INVALID_TARGET',
    });
    await expect(migrateDown(scratch.admin, { dir, to: 1.5 })).rejects.toMatchObject({
      code: 'INVALID_TARGET',
    });
    expect(await schemaVersion(scratch.admin)).toBeNull();
  });
});
