import type pg from 'pg';
import { listMigrations } from './list-migrations';
import { MigrationError } from './migration-error';
import { runMigrationFile } from './run-migration-file';
import {
  ensureTrackingTable,
  readAppliedRows,
  TRACKING_SCHEMA,
  withMigrationLock,
  type MigrationStep,
} from './tracking';
import { verifyApplied } from './verify-applied';

export interface MigrateUpOptions {
  /** Directory of `NNN_name.sql` files, usually `MIGRATIONS_DIR`. */
  dir: string;
  /** Apply pending migrations up to and including this version (default: all). */
  to?: number;
  /** Called after each file is committed, so a CLI can print progress as it happens. */
  onStep?: (step: MigrationStep) => void;
}

/**
 * Applies the pending migrations of `dir` in order, each file with its tracking row in
 * one transaction, under the migration lock. Refuses before applying anything when the
 * directory is inconsistent, an applied file changed or went missing, or a pending file
 * would land before an applied one. Returns the files applied (empty when up to date).
 */
export async function migrateUp(
  pool: pg.Pool,
  options: MigrateUpOptions,
): Promise<MigrationStep[]> {
  const migrations = await listMigrations(options.dir);
  const last = migrations.at(-1)?.version ?? 0;
  const target = options.to ?? last;
  if (!Number.isInteger(target) || target < 0 || target > last) {
    throw new MigrationError(
      'INVALID_TARGET',
      `Cannot migrate up to ${String(options.to)}: expected a version from 0 to ${last}`,
    );
  }

  return withMigrationLock(pool, async (client) => {
    await ensureTrackingTable(client);
    const applied = await readAppliedRows(client);
    verifyApplied(migrations, applied);

    const appliedVersions = new Set(applied.map((row) => row.version));
    const highestApplied = applied.at(-1)?.version ?? 0;
    const pending = migrations.filter(
      (migration) => !appliedVersions.has(migration.version) && migration.version <= target,
    );
    const early = pending.find((migration) => migration.version < highestApplied);
    if (early) {
      throw new MigrationError(
        'OUT_OF_ORDER',
        `Migration ${early.file} is not applied but later migrations are; renumber it after the last applied one`,
        { file: early.file },
      );
    }

    const steps: MigrationStep[] = [];
    for (const migration of pending) {
      const step = await runMigrationFile(
        client,
        { direction: 'up', version: migration.version, name: migration.name, file: migration.file },
        migration.sql,
        async (tx) => {
          await tx.query(
            `insert into ${TRACKING_SCHEMA}.applied (version, name, checksum) values ($1, $2, $3)`,
            [migration.version, migration.name, migration.checksum],
          );
        },
      );
      steps.push(step);
      options.onStep?.(step);
    }
    return steps;
  });
}
