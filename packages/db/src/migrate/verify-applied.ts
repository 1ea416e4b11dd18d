import { formatVersion, type MigrationFile } from './list-migrations';
import { MigrationError } from './migration-error';
import type { AppliedRow } from './tracking';

/**
 * Refuses to go on when the database's history disagrees with the files: an applied
 * migration whose file is gone or renamed, or whose content changed since it ran (fix
 * forward with a new migration instead of editing an applied one).
 */
export function verifyApplied(migrations: MigrationFile[], applied: AppliedRow[]): void {
  const byVersion = new Map(migrations.map((migration) => [migration.version, migration]));
  for (const row of applied) {
    const recordedFile = `${formatVersion(row.version)}_${row.name}.sql`;
    const migration = byVersion.get(row.version);
    if (!migration || migration.name !== row.name) {
      throw new MigrationError(
        'APPLIED_FILE_MISSING',
        `Migration ${recordedFile} is applied but its file is missing${migration ? ` (found ${migration.file} instead)` : ''}`,
        { file: recordedFile },
      );
    }
    if (migration.checksum !== row.checksum) {
      throw new MigrationError(
        'CHECKSUM_MISMATCH',
        `Migration ${migration.file} was changed after it was applied (checksum ${row.checksum.slice(0, 12)}... is now ${migration.checksum.slice(0, 12)}...); restore it and add a new migration instead`,
        { file: migration.file },
      );
    }
  }
}
