import type pg from 'pg';
import { formatVersion, listMigrations } from './list-migrations';
import { readAppliedRows } from './tracking';

/** `applied`, `pending`, `changed` (applied, file edited or renamed since) or `missing` (applied, no file). */
export type MigrationState = 'applied' | 'pending' | 'changed' | 'missing';

export interface MigrationStatusEntry {
  version: number;
  name: string;
  file: string;
  state: MigrationState;
  appliedAt: Date | null;
  /** Whether `migrateDown` could undo it. */
  reversible: boolean;
}

export interface MigrationStatusOptions {
  dir: string;
}

/**
 * Compares the files of `dir` with what the database recorded, in version order. Read
 * only: it takes no lock and creates nothing, so it is safe against a live database.
 */
export async function migrationStatus(
  pool: pg.Pool,
  options: MigrationStatusOptions,
): Promise<MigrationStatusEntry[]> {
  const [migrations, applied] = await Promise.all([
    listMigrations(options.dir),
    readAppliedRows(pool),
  ]);
  const appliedByVersion = new Map(applied.map((row) => [row.version, row]));

  const entries: MigrationStatusEntry[] = migrations.map((migration) => {
    const row = appliedByVersion.get(migration.version);
    let state: MigrationState = 'pending';
    if (row) {
      // A renamed file is as much a change to applied history as an edited one.
      const same = row.name === migration.name && row.checksum === migration.checksum;
      state = same ? 'applied' : 'changed';
    }
    return {
      version: migration.version,
      name: migration.name,
      file: migration.file,
      state,
      appliedAt: row?.appliedAt ?? null,
      reversible: migration.downFile !== null,
    };
  });

  const fileVersions = new Set(migrations.map((migration) => migration.version));
  for (const row of applied) {
    if (fileVersions.has(row.version)) continue;
    entries.push({
      version: row.version,
      name: row.name,
      file: `${formatVersion(row.version)}_${row.name}.sql`,
      state: 'missing',
      appliedAt: row.appliedAt,
      reversible: false,
    });
  }
  return entries.sort((a, b) => a.version - b.version);
}
