import { createDb, migrateUp, MIGRATIONS_DIR, MigrationError, type Db } from '@aiconnected/db';
import type { Env } from '../../src/env';
import { describeUrl, openDatabase, type DatabaseHandle } from './database';
import { fail } from './fail';
import { seedDemoTree } from './seed-demo-tree';

/**
 * Opens the database (DATABASE_URL or embedded), applies pending migrations and, on a local
 * deployment, seeds the demo tree the first time. Prints what it did, one line per step.
 */
export async function prepareDatabase(env: Env): Promise<DatabaseHandle> {
  const database = await openDatabase(env);
  const where = database.embedded ? `embedded Postgres (${describeUrl(database.url)}, data in .data/postgres)` : describeUrl(database.url);
  console.log(`• Database: ${where}`);
  const db = createDb(database.url);
  try {
    await applyMigrations(db);
    if (env.PLATFORM_ENV === 'local') await seed(db, env.DEMO_PASSWORD);
  } finally {
    await db.close();
  }
  return database;
}

async function applyMigrations(db: Db): Promise<void> {
  try {
    const applied = await migrateUp(db.pool, { dir: MIGRATIONS_DIR });
    const first = applied[0];
    const last = applied.at(-1);
    console.log(first && last ? `• Migrations: applied ${applied.length} (${first.file} … ${last.file})` : '• Migrations: up to date');
  } catch (error) {
    if (error instanceof MigrationError) fail(error.message);
    throw error;
  }
}

async function seed(db: Db, password: string): Promise<void> {
  const result = await seedDemoTree(db, { password });
  if (!result.created) {
    console.log(`• Demo tree: already present (left as it is); demo password: ${password}`);
    return;
  }
  console.log(`• Demo tree seeded; every demo user signs in with the password ${password}:`);
  for (const user of result.users) console.log(`    ${user.email.padEnd(30)} ${user.role.padEnd(16)} ${user.workspace}`);
}
