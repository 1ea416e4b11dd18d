import pg from 'pg';
import { workspaceContextSchema, type WorkspaceContext } from '@aiconnected/sdk-contracts';
import { runTransaction } from './run-transaction';
import { buildWorkspaceClaims } from './workspace-claims';

/** A transaction handle: the pg client the transaction runs on. */
export type Tx = pg.PoolClient;

/** The subset of a pino logger the database layer uses; a pino `Logger` satisfies it. */
export interface DbLogger {
  debug(obj: Record<string, unknown>, msg: string): void;
  warn?(obj: Record<string, unknown>, msg: string): void;
}

export interface CreateDbOptions {
  /** Receives the reason of every `withService` transaction and idle-connection failures. */
  logger?: DbLogger;
  /** Maximum pool size (pg's default is 10). */
  max?: number;
  /** Shown in `pg_stat_activity.application_name`. */
  applicationName?: string;
  /** How long to wait for a new connection before failing (default 5 s, never forever). */
  connectionTimeoutMillis?: number;
}

/** The database handle of a process: one pool, the two ways to open a transaction, and one hot-path call. */
export interface Db {
  /** The underlying pool, for migrations and health checks; request code uses the helpers. */
  readonly pool: pg.Pool;
  /**
   * Runs `fn` in a transaction as role `authenticated` with the context's claims in
   * `request.jwt.claims`, so every statement is filtered by RLS.
   */
  withWorkspace<T>(context: WorkspaceContext, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` in a transaction as `service_role` (bypasses RLS) for audited system work.
   * `reason` is required and recorded in `shell.service_reason` for the transaction.
   */
  withService<T>(reason: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Calls one SECURITY DEFINER function of schema `shell` that service_role may execute, as a
   * single statement in its own implicit transaction, prepared once per connection: one
   * round trip instead of withService's BEGIN, SET and COMMIT around it. For hot paths that
   * need nothing else in the transaction (the auth guard). The function runs as its owner;
   * the call needs EXECUTE, which the pool's login role holds as a member of service_role.
   */
  callService<R extends pg.QueryResultRow>(
    reason: string,
    fn: string,
    args: readonly unknown[],
  ): Promise<R[]>;
  /** Ends the pool; later calls are no-ops. */
  close(): Promise<void>;
}

/** A function of schema shell, by its plain lower-case name (never a quoted identifier). */
const SHELL_FUNCTION = /^shell\.[a-z_][a-z0-9_]*$/;

/**
 * `select * from <fn>($1, ..., $n)`: the statement `callService` sends, also for a caller that
 * needs the same call inside its own service transaction (with more statements after it).
 * Only a plain function name of schema shell is accepted.
 */
export function shellCallText(fn: string, arity: number): string {
  if (!SHELL_FUNCTION.test(fn)) {
    throw new TypeError(`callService calls a function of schema shell, not ${fn}`);
  }
  const placeholders = Array.from({ length: arity }, (_, index) => `$${index + 1}`).join(', ');
  return `select * from ${fn}(${placeholders})`;
}

function requireReason(method: string, reason: unknown): void {
  if (typeof reason !== 'string' || reason.trim() === '') {
    throw new TypeError(`${method} requires a non-empty reason`);
  }
}

/** Creates the database handle for `connectionString` (one pool, shared by the process). */
export function createDb(connectionString: string, options: CreateDbOptions = {}): Db {
  const { logger } = options;
  const pool = new pg.Pool({
    connectionString,
    max: options.max,
    application_name: options.applicationName,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5000,
  });
  // Without a listener an idle client's error (server restart, network drop) crashes the
  // process; the pool already discards that client, so logging is all that is left to do.
  pool.on('error', (error) => {
    logger?.warn?.({ err: error }, 'idle Postgres connection failed');
  });

  // `pool.end()` resolves once every client is told to end, not once its connection is
  // closed: `close` also waits for those, so a server stopped right after sees no session
  // of ours (whose end it would otherwise report as an error here).
  const connected = new Set<pg.Client>();
  let allEnded: (() => void) | undefined;
  pool.on('connect', (client) => {
    connected.add(client);
    client.once('end', () => {
      connected.delete(client);
      if (connected.size === 0) allEnded?.();
    });
  });
  const connectionsEnded = () =>
    new Promise<void>((resolve) => {
      if (connected.size === 0) return resolve();
      allEnded = resolve;
    });

  let closing: Promise<void> | undefined;

  return {
    pool,
    async withWorkspace(context, fn) {
      // Parsed here too: a malformed context must fail before it becomes RLS claims.
      const claims = buildWorkspaceClaims(workspaceContextSchema.parse(context));
      return runTransaction(
        pool,
        // One round trip: set_config('role', ..., true) is `SET LOCAL ROLE` (hot path).
        async (client) => {
          await client.query(
            "select set_config('request.jwt.claims', $1, true), set_config('role', 'authenticated', true)",
            [JSON.stringify(claims)],
          );
        },
        fn,
      );
    },
    async withService(reason, fn) {
      requireReason('withService', reason);
      logger?.debug({ service_reason: reason }, 'service transaction');
      return runTransaction(
        pool,
        async (client) => {
          await client.query(
            "select set_config('role', 'service_role', true), set_config('shell.service_reason', $1, true)",
            [reason],
          );
        },
        fn,
      );
    },
    async callService<R extends pg.QueryResultRow>(
      reason: string,
      fn: string,
      args: readonly unknown[],
    ) {
      requireReason('callService', reason);
      const text = shellCallText(fn, args.length);
      logger?.debug({ service_reason: reason, function: fn }, 'service call');
      // Named: parsed once per connection. Name and text depend only on fn and the arity.
      const { rows } = await pool.query<R>({
        name: `call:${fn}/${args.length}`,
        text,
        values: [...args],
      });
      return rows;
    },
    close() {
      closing ??= pool.end().then(connectionsEnded);
      return closing;
    },
  };
}
