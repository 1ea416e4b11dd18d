import type pg from 'pg';
import { formatVersion, listMigrations, type MigrationFile } from './list-migrations';
import { MigrationError } from './migration-error';
import { runMigrationFile } from './run-migration-file';
import {
  readAppliedRows,
  TRACKING_SCHEMA,
  withMigrationLock,
  type AppliedRow,
  type MigrationStep,
} from './tracking';

/**
 * Versions PRD §12.6 makes forward-only (015 RLS extension policies, 016 SDK contract
 * versions): they ship without a down file and are corrected by a new migration.
 */
export const FORWARD_ONLY_VERSIONS: ReadonlySet<number> = new Set([15, 16]);

export interface MigrateDownOptions {
  /** Directory of `NNN_name.sql` / `NNN_name.down.sql` files, usually `MIGRATIONS_DIR`. */
  dir: string;
  /** Undo every applied migration above this version; 0 leaves an empty database. */
  to: number;
  /** Called after each down file is committed. */
  onStep?: (step: MigrationStep) => void;
}

/**
 * Undoes the applied migrations above `to`, newest first, each down file with the removal
 * of its tracking row in one transaction. Refuses before undoing anything when one of them
 * has no down file. At 0 it also drops the runner's own schema, so the database is empty.
 * Checksums are not compared: undoing an edited migration is how a developer reworks it.
 */
export async function migrateDown(
  pool: pg.Pool,
  options: MigrateDownOptions,
): Promise<MigrationStep[]> {
  const { to } = options;
  if (!Number.isInteger(to) || to < 0) {
    throw new MigrationError(
      'INVALID_TARGET',
      `Cannot migrate down to ${String(to)}: expected a version of 0 or more`,
    );
  }
  const migrations = await listMigrations(options.dir);

  return withMigrationLock(pool, async (client) => {
    const applied = await readAppliedRows(client);
    const toUndo = applied.filter((row) => row.version > to).reverse();
    const plan = planDown(migrations, toUndo, to);

    const steps: MigrationStep[] = [];
    for (const { row, file, sql } of plan) {
      const step = await runMigrationFile(
        client,
        { direction: 'down', version: row.version, name: row.name, file },
        sql,
        async (tx) => {
          await tx.query(`delete from ${TRACKING_SCHEMA}.applied where version = $1`, [
            row.version,
          ]);
        },
      );
      steps.push(step);
      options.onStep?.(step);
    }
    if (to === 0) await client.query(`drop schema if exists ${TRACKING_SCHEMA} cascade`);
    return steps;
  });
}

/** Pairs each row to undo with its down file, or refuses naming every one that has none. */
function planDown(
  migrations: MigrationFile[],
  toUndo: AppliedRow[],
  to: number,
): { row: AppliedRow; file: string; sql: string }[] {
  const byVersion = new Map(migrations.map((migration) => [migration.version, migration]));
  const plan: { row: AppliedRow; file: string; sql: string }[] = [];
  const forwardOnly: string[] = [];
  const withoutDown: string[] = [];
  for (const row of toUndo) {
    const migration = byVersion.get(row.version);
    const upFile = migration?.file ?? `${formatVersion(row.version)}_${row.name}.sql`;
    if (migration?.downFile != null && migration.downSql !== null && migration.name === row.name) {
      plan.push({ row, file: migration.downFile, sql: migration.downSql });
    } else if (FORWARD_ONLY_VERSIONS.has(row.version)) {
      forwardOnly.push(upFile);
    } else {
      withoutDown.push(upFile);
    }
  }

  if (forwardOnly.length > 0) {
    throw new MigrationError(
      'FORWARD_ONLY',
      `Cannot migrate down to ${to}: ${forwardOnly.join(', ')} ${forwardOnly.length === 1 ? 'is' : 'are'} forward-only (PRD §12.6); roll forward with a corrective migration instead`,
      { file: forwardOnly[0] },
    );
  }
  if (withoutDown.length > 0) {
    const names = withoutDown.map((file) => `${file} (no ${file.replace(/\.sql$/, '.down.sql')})`);
    throw new MigrationError(
      'NO_DOWN_FILE',
      `Cannot migrate down to ${to}: ${names.join(', ')} cannot be undone; nothing was changed`,
      { file: withoutDown[0] },
    );
  }
  return plan;
}
