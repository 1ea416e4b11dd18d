import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The three fixture migrations (001..003, each with a down file). */
export const FIXTURE_MIGRATIONS_DIR = fileURLToPath(
  new URL('../fixtures/migrations', import.meta.url),
);

/** A writable copy of a migrations directory, for tests that edit or remove files. */
export interface ScratchMigrations {
  dir: string;
  write(file: string, sql: string): Promise<void>;
  remove(file: string): Promise<void>;
  cleanup(): Promise<void>;
}

/** Copies the fixture migrations (or nothing, when `empty`) into a fresh temp directory. */
export async function createScratchMigrations(
  options: { empty?: boolean } = {},
): Promise<ScratchMigrations> {
  const dir = await mkdtemp(join(tmpdir(), 'shell-migrations-'));
  if (!options.empty) await cp(FIXTURE_MIGRATIONS_DIR, dir, { recursive: true });
  return {
    dir,
    write: (file, sql) => writeFile(join(dir, file), sql),
    remove: (file) => rm(join(dir, file)),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
