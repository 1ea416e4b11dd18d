import { execFileSync, type ExecFileSyncOptionsWithStringEncoding } from 'node:child_process';
import { userInfo } from 'node:os';

/** An OS account a child process can run as. */
export interface OsUser {
  name: string;
  uid: number;
  gid: number;
}

const POSTGRES_USER = 'postgres';
const QUIET: ExecFileSyncOptionsWithStringEncoding = {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'ignore'],
};

/** Whether this process runs as root, whom Postgres refuses to run as. */
export function isRoot(): boolean {
  return userInfo().uid === 0;
}

/**
 * The OS user `postgres`, created (as a system user without a home) when missing. Only for
 * root: Postgres refuses to run as root, so root runs it as this user.
 */
export function ensurePostgresOsUser(): OsUser {
  const existing = lookUp(POSTGRES_USER);
  if (existing) return existing;
  execFileSync('useradd', ['--system', '--user-group', '--no-create-home', POSTGRES_USER], {
    stdio: 'ignore',
  });
  const created = lookUp(POSTGRES_USER);
  if (!created) throw new Error(`could not create the OS user "${POSTGRES_USER}"`);
  return created;
}

function lookUp(name: string): OsUser | null {
  try {
    const uid = Number(execFileSync('id', ['-u', name], QUIET).trim());
    const gid = Number(execFileSync('id', ['-g', name], QUIET).trim());
    return { name, uid, gid };
  } catch {
    return null;
  }
}
