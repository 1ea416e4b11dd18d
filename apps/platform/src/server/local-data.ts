import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's `.data/` (git-ignored), where local deployments keep their state. */
export const LOCAL_DATA_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../.data',
);

/**
 * A local deployment's secret kept in a file of `dir` (default `.data/`): made once by
 * `create()` and read back on every later start, so what it signs survives a restart.
 * Readable by this OS user only (0600). The file appears whole or not at all: it is written
 * under a temporary name and linked into place, which fails when it exists, so processes
 * starting together (WEB_CONCURRENCY workers) all read the one that was linked first.
 * Staging and production take their secrets from the environment instead (env.ts).
 */
export function readOrCreateLocalSecret(
  name: string,
  create: () => string,
  dir: string = LOCAL_DATA_DIR,
): string {
  const file = path.join(dir, name);
  mkdirSync(dir, { recursive: true });
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const temporary = path.join(dir, `.${name}.${randomUUID()}.tmp`);
  writeFileSync(temporary, create(), { flag: 'wx', mode: 0o600 });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  return readFileSync(file, 'utf8').trim();
}

/**
 * Replaces a local secret made by `readOrCreateLocalSecret` (a key rotation): written under a
 * temporary name (0600) and renamed over the old file, so a process starting meanwhile reads
 * the old file or the new one, whole.
 */
export function writeLocalSecret(
  name: string,
  content: string,
  dir: string = LOCAL_DATA_DIR,
): void {
  mkdirSync(dir, { recursive: true });
  const temporary = path.join(dir, `.${name}.${randomUUID()}.tmp`);
  writeFileSync(temporary, content, { flag: 'wx', mode: 0o600 });
  renameSync(temporary, path.join(dir, name));
}
