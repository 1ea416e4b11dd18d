import pg from 'pg';
import { inject } from 'vitest';
import { createDb, type Db } from '../create-db';
import { hasPgCode } from '../pg-error';
import { withAdminClient } from './admin-client';
import { randomName, testDatabasePrefix, withDatabaseName } from './test-database-server';

/** A database of one test file, dropped by `drop()` (or by the run's teardown). */
export interface TestDatabase {
  name: string;
  url: string;
  /** The handle request code would use: `withWorkspace` / `withService`. */
  db: Db;
  /** The same database as the connecting superuser, for seeding and inspecting around RLS. */
  admin: pg.Pool;
  /** Closes both pools and drops the database. */
  drop(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /** Create an empty, unmigrated database instead of a clone of the template (runner tests). */
  empty?: boolean;
}

const CLONE_ATTEMPTS = 100;
const CLONE_RETRY_MS = 100;

/**
 * Creates a fresh database for the calling test file, by default a clone of the run's
 * migrated template (`CREATE DATABASE ... TEMPLATE`, so it costs a file copy, not a
 * migration). Call it in `beforeAll` and `drop()` in `afterAll`.
 */
export async function createTestDatabase(
  options: CreateTestDatabaseOptions = {},
): Promise<TestDatabase> {
  const server = inject('shellTestDatabaseServer');
  if (!server) {
    throw new Error(
      'No test database server was provided: run vitest from the repository root, whose config runs @aiconnected/db/testing/global-setup',
    );
  }
  const name = `${testDatabasePrefix(server.runId)}${randomName(6)}`;
  const template = options.empty ? 'template0' : server.templateDatabase;

  await withAdminClient(server.adminUrl, async (admin) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await admin.query(`create database ${name} template ${admin.escapeIdentifier(template)}`);
        return;
      } catch (error) {
        // 55006: a session is still connected to the template (a backend that is exiting
        // or another clone starting); it clears within moments, so try again.
        if (!hasPgCode(error, '55006') || attempt >= CLONE_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, CLONE_RETRY_MS));
      }
    }
  });

  const url = withDatabaseName(server.adminUrl, name);
  const db = createDb(url, { max: 4 });
  const admin = new pg.Pool({ connectionString: url, max: 2 });
  admin.on('error', () => {
    // An idle connection dropped by the server; the pool replaces it on next use.
  });

  let dropping: Promise<void> | undefined;
  const drop = () => {
    dropping ??= (async () => {
      await Promise.all([db.close(), admin.end()]);
      await withAdminClient(server.adminUrl, (client) =>
        client.query(`drop database if exists ${name} with (force)`),
      );
    })();
    return dropping;
  };
  return { name, url, db, admin, drop };
}
