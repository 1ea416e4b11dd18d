import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { findFreePort } from '../embedded/assert-port-free';
import {
  startEmbeddedPostgres,
  type EmbeddedPostgresServer,
} from '../embedded/start-embedded-postgres';
import { MIGRATIONS_DIR } from '../migrate/migrations-dir';
import { migrateUp } from '../migrate/migrate-up';
import { withAdminClient } from './admin-client';
import { readTestHarnessEnv } from './env';
import {
  randomName,
  testDatabasePrefix,
  withDatabaseName,
  type TestDatabaseServer,
} from './test-database-server';

/**
 * Vitest global setup (once per `vitest run`, from the root config): picks the server
 * (`DATABASE_URL`, else embedded Postgres in a fresh temp dir on a free port), builds one
 * template database migrated with the real migrations, and provides both to test files.
 * The returned teardown drops the template and every test database of this run, nothing
 * else, and stops embedded Postgres.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const env = readTestHarnessEnv();
  const runId = randomName(4);
  const templateDatabase = `shell_tpl_${runId}`;
  let adminUrl: string | null = env.databaseUrl;
  let dataDir: string | null = null;
  let embedded: EmbeddedPostgresServer | null = null;

  const teardown = async () => {
    try {
      if (adminUrl !== null) await dropRunDatabases(adminUrl, runId, templateDatabase);
    } finally {
      await embedded?.stop();
      if (dataDir !== null) await rm(dataDir, { recursive: true, force: true });
      // Root keeps the cluster elsewhere when the OS user postgres cannot reach the temp dir.
      if (embedded && embedded.dataDir !== dataDir) {
        await rm(embedded.dataDir, { recursive: true, force: true });
      }
    }
  };

  try {
    if (adminUrl === null) {
      dataDir = await mkdtemp(join(tmpdir(), 'shell-test-pg-'));
      embedded = await startEmbeddedPostgres({ dataDir, port: await findFreePort() });
      adminUrl = embedded.connectionString;
    }
    await createTemplate(adminUrl, templateDatabase);
    const provided: TestDatabaseServer = { adminUrl, templateDatabase, runId };
    project.provide('shellTestDatabaseServer', provided);
  } catch (error) {
    await teardown().catch(() => undefined);
    throw error;
  }
  return teardown;
}

/** Creates and migrates the template, then closes it to connections so it can be cloned. */
async function createTemplate(adminUrl: string, templateDatabase: string): Promise<void> {
  await withAdminClient(adminUrl, (admin) => admin.query(`create database ${templateDatabase}`));
  const pool = new pg.Pool({
    connectionString: withDatabaseName(adminUrl, templateDatabase),
    max: 1,
  });
  try {
    await migrateUp(pool, { dir: MIGRATIONS_DIR });
  } finally {
    await pool.end();
  }
  await withAdminClient(adminUrl, async (admin) => {
    await admin.query(
      `alter database ${templateDatabase} with is_template true allow_connections false`,
    );
    // A closed connection's backend exits a moment later; cloning fails while it lives.
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const { rows } = await admin.query<{ n: number }>(
        'select count(*)::int as n from pg_stat_activity where datname = $1',
        [templateDatabase],
      );
      if (rows[0]?.n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
}

/** Drops the template and the test databases whose names carry this run's id. */
async function dropRunDatabases(
  adminUrl: string,
  runId: string,
  templateDatabase: string,
): Promise<void> {
  await withAdminClient(adminUrl, async (admin) => {
    const { rows } = await admin.query<{ datname: string }>(
      // `_` is a LIKE wildcard, so the prefix is matched literally with starts_with.
      'select datname from pg_database where starts_with(datname, $1) or datname = $2',
      [testDatabasePrefix(runId), templateDatabase],
    );
    for (const { datname } of rows) {
      const name = admin.escapeIdentifier(datname);
      if (datname === templateDatabase)
        await admin.query(`alter database ${name} with is_template false`);
      await admin.query(`drop database if exists ${name} with (force)`);
    }
  });
}
