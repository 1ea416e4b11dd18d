import path from 'node:path';
import { createDb, migrateUp, MIGRATIONS_DIR, MigrationError, type Db } from '@aiconnected/db';
import type { Env } from '../../src/env';
import { describeUrl, embeddedDataDir, openDatabase, type DatabaseHandle } from './database';
import { fail } from './fail';
import { EMBEDDED_DATA_DIR, REPO_ROOT } from './paths';

/**
 * Opens the database (DATABASE_URL or embedded), applies pending migrations and, on a local
 * deployment, seeds the demo tree the first time. Prints what it did, one line per step.
 * What only seeding needs is loaded when it runs, so a refused start stays quick.
 */
export async function prepareDatabase(env: Env): Promise<DatabaseHandle> {
  const database = await openDatabase(env);
  const where = database.dataDir
    ? `embedded Postgres (${describeUrl(database.url)}, data in ${describeDataDir(env, database.dataDir)})`
    : describeUrl(database.url);
  console.log(`• Database: ${where}`);
  const db = createDb(database.url);
  try {
    await applyMigrations(db);
    if (env.PLATFORM_ENV === 'local') await seed(db, env.DEMO_PASSWORD);
    // Locally without Composio: GitHub on the built-in stand-in (/dev/composio).
    if (env.PLATFORM_ENV === 'local' && env.COMPOSIO_BASE_URL === undefined) {
      const { LOCAL_GITHUB_PROVIDER, seedProviderConfig } =
        await import('@aiconnected/integrations');
      const created = await seedProviderConfig(db, LOCAL_GITHUB_PROVIDER);
      if (created) console.log('• Integrations: GitHub through the local Composio stand-in');
    }
  } finally {
    await db.close();
  }
  return database;
}

/** The cluster's folder, relative to the checkout when it is inside, and why when it is not. */
function describeDataDir(env: Env, dataDir: string): string {
  if (dataDir === EMBEDDED_DATA_DIR) return path.relative(REPO_ROOT, dataDir);
  const wanted = embeddedDataDir(env);
  if (dataDir === wanted) return dataDir;
  return `${dataDir}, because the OS user postgres that runs it cannot reach ${path.dirname(wanted)}`;
}

async function applyMigrations(db: Db): Promise<void> {
  try {
    const applied = await migrateUp(db.pool, { dir: MIGRATIONS_DIR });
    const first = applied[0];
    const last = applied.at(-1);
    console.log(
      first && last
        ? `• Migrations: applied ${applied.length} (${first.file} … ${last.file})`
        : '• Migrations: up to date',
    );
  } catch (error) {
    if (error instanceof MigrationError) fail(error.message);
    throw error;
  }
}

async function seed(db: Db, password: string): Promise<void> {
  const { seedDemoTree } = await import('./seed-demo-tree');
  const result = await seedDemoTree(db, { password });
  if (!result.created) {
    console.log(`• Demo tree: already present (left as it is); demo password: ${password}`);
    return;
  }
  console.log(`• Demo tree seeded; every demo user signs in with the password ${password}:`);
  for (const user of result.users)
    console.log(`    ${user.email.padEnd(30)} ${user.role.padEnd(16)} ${user.workspace}`);
}
