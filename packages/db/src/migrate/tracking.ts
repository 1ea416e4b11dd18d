import type pg from 'pg';

/** The runner's own schema; dropped when a database is migrated down to 0. */
export const TRACKING_SCHEMA = 'shell_migrations';

/** Advisory lock key shared by every runner: the ASCII bytes of "shellmig". */
const MIGRATION_LOCK_KEY = '8316008228289603943';

/** A row of `shell_migrations.applied`. */
export interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
  appliedAt: Date;
}

/** What a runner did with one file, in the order it happened. */
export interface MigrationStep {
  direction: 'up' | 'down';
  version: number;
  name: string;
  /** The file that ran: `005_layouts.sql` or `005_layouts.down.sql`. */
  file: string;
  durationMs: number;
}

/**
 * Runs `fn` on one dedicated connection that holds the session-level migration lock, so a
 * second runner on the same database waits and then finds nothing left to do. The
 * connection is closed afterwards instead of returned to the pool: migration files may
 * change session state (roles, settings) that must not leak into request code.
 */
export async function withMigrationLock<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await fn(client);
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {
        // Closing the connection below releases the lock anyway.
      });
    }
  } finally {
    client.release(true);
  }
}

/** Creates the tracking schema and table on first use; callers hold the migration lock. */
export async function ensureTrackingTable(client: pg.PoolClient): Promise<void> {
  await client.query(`
    create schema if not exists ${TRACKING_SCHEMA};
    create table if not exists ${TRACKING_SCHEMA}.applied (
      version integer primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    );`);
}

/** The applied migrations in version order; empty when the tracking table does not exist. */
export async function readAppliedRows(client: pg.Pool | pg.PoolClient): Promise<AppliedRow[]> {
  const exists = await client.query<{ table: string | null }>(
    `select to_regclass('${TRACKING_SCHEMA}.applied')::text as table`,
  );
  if (exists.rows[0]?.table == null) return [];
  const { rows } = await client.query<AppliedRow>(
    `select version, name, checksum, applied_at as "appliedAt"
       from ${TRACKING_SCHEMA}.applied order by version`,
  );
  return rows;
}

/**
 * Runs one file's SQL and its tracking change in a single transaction, so a failure leaves
 * neither behind.
 */
export async function runInTransaction(
  client: pg.PoolClient,
  statements: (client: pg.PoolClient) => Promise<void>,
): Promise<void> {
  await client.query('begin');
  try {
    await statements(client);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {
      // The connection is discarded after the run; the original error matters more.
    });
    throw error;
  }
}
