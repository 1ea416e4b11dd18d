import type { MigrationFinding } from './migration-finding';

const UP_PATTERN = /^(\d{3})_([a-z0-9_]+)\.sql$/;
const DOWN_PATTERN = /^(\d{3})_([a-z0-9_]+)\.down\.sql$/;

/** The migrations of a directory, paired with their down scripts. */
export interface MigrationFileSet {
  /** Up migrations (`NNN_name.sql`), in order. */
  up: string[];
  /** Down scripts (`NNN_name.down.sql`), in order. */
  down: string[];
  findings: MigrationFinding[];
}

/**
 * Sorts a directory's `.sql` file names into migrations and down scripts and reports
 * misnamed files, duplicate numbers, migrations without a down script and down scripts
 * without a migration.
 */
export function pairMigrationFiles(fileNames: readonly string[]): MigrationFileSet {
  const names = [...fileNames].filter((name) => name.endsWith('.sql')).sort();
  const down = names.filter((name) => DOWN_PATTERN.test(name));
  const up = names.filter((name) => !name.endsWith('.down.sql') && UP_PATTERN.test(name));
  const findings: MigrationFinding[] = [];
  const at = (file: string) => ({ file, line: 1, column: 1 });

  for (const name of names) {
    if (!up.includes(name) && !down.includes(name)) {
      findings.push({
        ...at(name),
        rule: 'migration-name',
        message: `${name}: name migrations NNN_name.sql and their down scripts NNN_name.down.sql (NNN: three digits; name: a-z, 0-9, _)`,
      });
    }
  }
  const byNumber = new Map<string, string>();
  for (const name of up) {
    const number = name.slice(0, 3);
    const earlier = byNumber.get(number);
    if (earlier) {
      findings.push({
        ...at(name),
        rule: 'migration-number-duplicate',
        message: `${name} has the same number as ${earlier}; each migration has its own number`,
      });
    }
    byNumber.set(number, name);
    const downName = name.replace(/\.sql$/, '.down.sql');
    if (!down.includes(downName)) {
      findings.push({
        ...at(name),
        rule: 'down-missing',
        message: `${name} has no down script: add ${downName} that undoes it`,
      });
    }
  }
  for (const name of down) {
    const upName = name.replace(/\.down\.sql$/, '.sql');
    if (!up.includes(upName)) {
      findings.push({
        ...at(name),
        rule: 'down-orphan',
        message: `${name} undoes no migration: ${upName} does not exist`,
      });
    }
  }
  return { up, down, findings };
}
