import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MigrationError } from './migration-error';

/** One migration of a directory: its up file and, when it is reversible, its down file. */
export interface MigrationFile {
  version: number;
  /** The part after the number: `layouts` for `005_layouts.sql`. */
  name: string;
  /** `005_layouts.sql` */
  file: string;
  /** sha256 (hex) of the up file's bytes, compared with the recorded one before every `up`. */
  checksum: string;
  sql: string;
  /** `005_layouts.down.sql`, or null when the migration cannot be undone. */
  downFile: string | null;
  downSql: string | null;
}

const UP_FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/;
const DOWN_FILE = /^(\d{3})_([a-z0-9_]+)\.down\.sql$/;

/** `5` -> `005`, the prefix every migration file name starts with. */
export function formatVersion(version: number): string {
  return String(version).padStart(3, '0');
}

/**
 * Reads the migrations of `dir` in version order. Refuses a directory whose `.sql` files
 * are misnamed, share a version, leave a gap (001, 002, ... must be complete) or hold a
 * down file without its up file, since applying such a set would make history ambiguous.
 * Files that do not end in `.sql` (a README) are ignored.
 */
export async function listMigrations(dir: string): Promise<MigrationFile[]> {
  let entries: string[];
  try {
    entries = (await readdir(dir, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && entry.name.endsWith('.sql'))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    throw new MigrationError(
      'DIRECTORY_UNREADABLE',
      `Cannot read migrations directory ${dir}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }

  const ups = new Map<number, { file: string; name: string }>();
  const downs = new Map<string, string>();
  for (const file of entries) {
    const down = DOWN_FILE.exec(file);
    if (down) {
      downs.set(`${down[1]}_${down[2]}`, file);
      continue;
    }
    const up = UP_FILE.exec(file);
    if (!up?.[1] || !up[2]) {
      throw new MigrationError(
        'INVALID_FILE_NAME',
        `Migration file ${file} is misnamed: expected NNN_name.sql or NNN_name.down.sql (lower-case, digits, underscores)`,
        { file },
      );
    }
    const version = Number(up[1]);
    const existing = ups.get(version);
    if (existing) {
      throw new MigrationError(
        'DUPLICATE_VERSION',
        `Migrations ${existing.file} and ${file} share version ${up[1]}`,
        { file },
      );
    }
    ups.set(version, { file, name: up[2] });
  }

  const upFiles = new Set([...ups.values()].map((up) => up.file));
  for (const [stem, file] of downs) {
    if (!upFiles.has(`${stem}.sql`)) {
      throw new MigrationError('ORPHAN_DOWN_FILE', `Down file ${file} has no up file ${stem}.sql`, {
        file,
      });
    }
  }

  const ordered = [...ups.entries()].sort(([a], [b]) => a - b);
  ordered.forEach(([version, up], index) => {
    if (version !== index + 1) {
      throw new MigrationError(
        'MISSING_VERSION',
        `Migration ${formatVersion(index + 1)} is missing: the next file after it is ${up.file}`,
        { file: up.file },
      );
    }
  });

  return Promise.all(
    ordered.map(async ([version, up]) => {
      const bytes = await readFile(join(dir, up.file));
      const downFile = downs.get(up.file.slice(0, -'.sql'.length)) ?? null;
      return {
        version,
        name: up.name,
        file: up.file,
        checksum: createHash('sha256').update(bytes).digest('hex'),
        sql: bytes.toString('utf8'),
        downFile,
        downSql: downFile === null ? null : await readFile(join(dir, downFile), 'utf8'),
      };
    }),
  );
}
