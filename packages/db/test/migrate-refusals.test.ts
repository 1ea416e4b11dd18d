import {
  MigrationError,
  migrateDown,
  migrateUp,
  migrationStatus,
  schemaVersion,
} from '@aiconnected/db';
import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { snapshotCatalog } from './support/catalog-snapshot';
import { createScratchMigrations, type ScratchMigrations } from './support/fixture-migrations';

let scratch: TestDatabase;
let migrations: ScratchMigrations;

beforeEach(async () => {
  scratch = await createTestDatabase({ empty: true });
  migrations = await createScratchMigrations();
});
afterEach(async () => {
  await Promise.all([scratch.drop(), migrations.cleanup()]);
});

/** The rejection of `promise`, which must be a MigrationError. */
async function migrationErrorOf(promise: Promise<unknown>): Promise<MigrationError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(MigrationError);
  return error as MigrationError;
}

describe('migrateUp refuses', () => {
  it('an applied file whose content changed, naming the file', async () => {
    await migrateUp(scratch.admin, { dir: migrations.dir });
    await migrations.write(
      '002_zoo.sql',
      'create schema fixture_zoo; -- edited after it was applied\n',
    );

    const error = await migrationErrorOf(migrateUp(scratch.admin, { dir: migrations.dir }));
    expect(error.code).toBe('CHECKSUM_MISMATCH');
    expect(error.file).toBe('002_zoo.sql');
    expect(error.message).toMatch(/^Migration 002_zoo\.sql was changed after it was applied/);
    const status = await migrationStatus(scratch.admin, { dir: migrations.dir });
    expect(status.map((entry) => entry.state)).toStrictEqual(['applied', 'changed', 'applied']);
  });

  it('an applied migration whose file is gone', async () => {
    await migrateUp(scratch.admin, { dir: migrations.dir });
    await migrations.remove('003_people_email.sql');
    await migrations.remove('003_people_email.down.sql');

    const error = await migrationErrorOf(migrateUp(scratch.admin, { dir: migrations.dir }));
    expect(error.code).toBe('APPLIED_FILE_MISSING');
    expect(error.file).toBe('003_people_email.sql');
    const status = await migrationStatus(scratch.admin, { dir: migrations.dir });
    expect(status.at(-1)).toMatchObject({ file: '003_people_email.sql', state: 'missing' });
  });

  it('a pending migration that would land before an applied one', async () => {
    await migrateUp(scratch.admin, { dir: migrations.dir });
    await scratch.admin.query('delete from shell_migrations.applied where version = 2');

    const error = await migrationErrorOf(migrateUp(scratch.admin, { dir: migrations.dir }));
    expect(error.code).toBe('OUT_OF_ORDER');
    expect(error.file).toBe('002_zoo.sql');
  });

  it('a directory with a gap, a duplicate version, a misnamed file or an orphan down file', async () => {
    const cases: [code: string, extraFile: string, reportedFile: string][] = [
      ['MISSING_VERSION', '005_later.sql', '005_later.sql'],
      ['DUPLICATE_VERSION', '003_other.sql', '003_people_email.sql'],
      ['INVALID_FILE_NAME', '4_short.sql', '4_short.sql'],
      ['ORPHAN_DOWN_FILE', '004_none.down.sql', '004_none.down.sql'],
    ];
    for (const [code, extraFile, reportedFile] of cases) {
      const broken = await createScratchMigrations();
      try {
        await broken.write(extraFile, 'select 1;');
        const error = await migrationErrorOf(migrateUp(scratch.admin, { dir: broken.dir }));
        expect({ code: error.code, file: error.file }).toStrictEqual({ code, file: reportedFile });
      } finally {
        await broken.cleanup();
      }
    }
    expect(await schemaVersion(scratch.admin)).toBeNull();
  });
});

describe('a failing migration', () => {
  it('rolls back its own transaction and reports the file with Postgres message', async () => {
    await migrations.write(
      '002_zoo.sql',
      'create schema fixture_zoo;\ncreate table fixture_zoo.pets (id integer primary key);\nselect * from fixture_missing_table;\n',
    );

    const progress: string[] = [];
    const error = await migrationErrorOf(
      migrateUp(scratch.admin, { dir: migrations.dir, onStep: (step) => progress.push(step.file) }),
    );
    expect(error.code).toBe('MIGRATION_FAILED');
    expect(error.file).toBe('002_zoo.sql');
    expect(error.pgMessage).toBe('relation "fixture_missing_table" does not exist');
    expect(error.message).toBe(
      'Migration 002_zoo.sql failed: relation "fixture_missing_table" does not exist (line 3)',
    );
    expect(progress).toStrictEqual(['001_people.sql']);
    expect(await schemaVersion(scratch.admin)).toBe(1);
    const { rows } = await scratch.admin.query("select to_regnamespace('fixture_zoo') as zoo");
    expect(rows).toStrictEqual([{ zoo: null }]);
  });

  it('reports a RAISE EXCEPTION of a post-check as the message', async () => {
    await migrations.write(
      '003_people_email.sql',
      "do $$ begin raise exception '003 post-check failed: email column missing'; end $$;\n",
    );
    const error = await migrationErrorOf(migrateUp(scratch.admin, { dir: migrations.dir }));
    expect(error.message).toBe(
      'Migration 003_people_email.sql failed: 003 post-check failed: email column missing',
    );
    expect(await schemaVersion(scratch.admin)).toBe(2);
  });
});

describe('migrateDown refuses before changing anything', () => {
  it('when a migration to undo has no down file', async () => {
    await migrateUp(scratch.admin, { dir: migrations.dir });
    await migrations.remove('002_zoo.down.sql');
    const before = await snapshotCatalog(scratch.admin);

    const error = await migrationErrorOf(
      migrateDown(scratch.admin, { dir: migrations.dir, to: 0 }),
    );
    expect(error.code).toBe('NO_DOWN_FILE');
    expect(error.file).toBe('002_zoo.sql');
    expect(error.message).toBe(
      'Cannot migrate down to 0: 002_zoo.sql (no 002_zoo.down.sql) cannot be undone; nothing was changed',
    );
    // 003 comes first in the undo order and has a down file: it must not have run.
    expect(await schemaVersion(scratch.admin)).toBe(3);
    expect(await snapshotCatalog(scratch.admin)).toStrictEqual(before);

    // Undoing only migrations that have down files still works.
    const steps = await migrateDown(scratch.admin, { dir: migrations.dir, to: 2 });
    expect(steps.map((step) => step.file)).toStrictEqual(['003_people_email.down.sql']);
  });

  it('when it would undo 015 or 016, which PRD §12.6 makes forward-only', async () => {
    const sixteen = await createScratchMigrations({ empty: true });
    onTestFinished(() => sixteen.cleanup());
    for (let version = 1; version <= 16; version += 1) {
      const stem = `${String(version).padStart(3, '0')}_step_${version}`;
      await sixteen.write(`${stem}.sql`, `create table public.fixture_step_${version} ();`);
      if (version <= 14)
        await sixteen.write(`${stem}.down.sql`, `drop table public.fixture_step_${version};`);
    }
    await migrateUp(scratch.admin, { dir: sixteen.dir });
    const before = await snapshotCatalog(scratch.admin);

    const toZero = await migrationErrorOf(migrateDown(scratch.admin, { dir: sixteen.dir, to: 0 }));
    expect(toZero.code).toBe('FORWARD_ONLY');
    expect(toZero.file).toBe('016_step_16.sql');
    expect(toZero.message).toBe(
      'Cannot migrate down to 0: 016_step_16.sql, 015_step_15.sql are forward-only (PRD §12.6); roll forward with a corrective migration instead',
    );
    const toFifteen = await migrationErrorOf(
      migrateDown(scratch.admin, { dir: sixteen.dir, to: 15 }),
    );
    expect(toFifteen.message).toBe(
      'Cannot migrate down to 15: 016_step_16.sql is forward-only (PRD §12.6); roll forward with a corrective migration instead',
    );
    expect(await schemaVersion(scratch.admin)).toBe(16);
    expect(await snapshotCatalog(scratch.admin)).toStrictEqual(before);
    expect(await migrateDown(scratch.admin, { dir: sixteen.dir, to: 16 })).toStrictEqual([]);
  });
});
