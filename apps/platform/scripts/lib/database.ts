import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '@aiconnected/db/embedded';
import type { Env } from '../../src/env';
import { EMBEDDED_DATA_DIR } from './paths';
import { fail } from './fail';

export interface DatabaseHandle {
  url: string;
  /** The embedded cluster's directory; null for DATABASE_URL. */
  dataDir: string | null;
  stop(): Promise<void>;
}

/** Where a connection string points, without its password, for messages. */
export function describeUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
}

/** Where embedded Postgres keeps its cluster: EMBEDDED_DATABASE_DIR, else `.data/postgres`. */
export function embeddedDataDir(env: Env): string {
  return env.EMBEDDED_DATABASE_DIR ? path.resolve(env.EMBEDDED_DATABASE_DIR) : EMBEDDED_DATA_DIR;
}

/**
 * The database to run against: DATABASE_URL when given (checked reachable), else embedded
 * Postgres under .data/ (started, initialised on first use).
 */
export async function openDatabase(env: Env): Promise<DatabaseHandle> {
  if (env.DATABASE_URL) {
    await assertReachable(env.DATABASE_URL);
    return { url: env.DATABASE_URL, dataDir: null, stop: async () => {} };
  }
  try {
    const embedded = await startEmbeddedPostgres({
      dataDir: embeddedDataDir(env),
      port: env.EMBEDDED_DATABASE_PORT,
    });
    return { url: embedded.connectionString, dataDir: embedded.dataDir, stop: embedded.stop };
  } catch (error) {
    fail(
      `Could not start embedded Postgres on port ${env.EMBEDDED_DATABASE_PORT}: ${messageOf(error)}. ` +
        'Set EMBEDDED_DATABASE_PORT to a free port, or DATABASE_URL to use your own server.',
    );
  }
}

async function assertReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    fail(
      `Cannot reach the database at ${describeUrl(url)}: ${messageOf(error)}. Check DATABASE_URL, or unset it to use the embedded default.`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

export function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return messageOf(error.errors[0]);
  if (error instanceof Error)
    return error.message || (error as NodeJS.ErrnoException).code || error.name;
  return String(error);
}
