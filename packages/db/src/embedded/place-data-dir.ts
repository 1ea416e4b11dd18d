import { createHash } from 'node:crypto';
import { chownSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { canReach, ensureRootOwnedDir } from './postgres-binaries';
import type { OsUser } from './postgres-os-user';

/** Where root keeps clusters whose chosen directory the OS user `postgres` cannot reach. */
export const SHARED_DATA_ROOT = '/var/lib/aiconnected';

/**
 * The cluster directory for `wanted` when Postgres runs as `owner` (root's case): `wanted`
 * itself when `owner` can reach its parent, else one directory per `wanted` path under
 * /var/lib/aiconnected (a checkout in root's private home keeps its own cluster there, found
 * again on the next start).
 */
export function placeDataDir(owner: OsUser, wanted: string): string {
  const parent = path.dirname(wanted);
  mkdirSync(parent, { recursive: true });
  if (canReach(owner, parent)) return wanted;
  ensureRootOwnedDir(SHARED_DATA_ROOT);
  const name = `${path.basename(path.dirname(parent))}-${createHash('sha256').update(wanted).digest('hex').slice(0, 12)}`;
  const home = path.join(SHARED_DATA_ROOT, name);
  mkdirSync(home, { recursive: true, mode: 0o700 });
  chownSync(home, owner.uid, owner.gid);
  return path.join(home, path.basename(wanted));
}
