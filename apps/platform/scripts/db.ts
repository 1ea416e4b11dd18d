/**
 * Database CLI behind `npm run db:migrate|db:seed|db:reset`. Uses DATABASE_URL, or the embedded
 * Postgres under .data/ when it is unset (started for the command and stopped after).
 *
 *   npm run db:migrate -- up [--to N]     apply pending migrations (up to N)
 *   npm run db:migrate -- down --to N     undo applied migrations down to N (015/016 are forward-only)
 *   npm run db:migrate -- status          list migrations and whether each is applied
 *   npm run db:seed                       seed the local demo tree (once; refuses outside local)
 *   npm run db:reset                      local only: drop every shell object, migrate, seed
 */
import { parseArgs } from 'node:util';
import {
  createDb,
  migrateDown,
  migrateUp,
  migrationStatus,
  MIGRATIONS_DIR,
  resetDatabase,
  type Db,
} from '@aiconnected/db';
import { EnvError, env as processEnv, type Env } from '../src/env';
import { openDatabase } from './lib/database';
import { CliError, fail } from './lib/fail';
import { seedDemoTree } from './lib/seed-demo-tree';

const USAGE = 'usage: db:migrate -- up [--to N] | down --to N | status;  db:seed;  db:reset';

function parseTarget(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new CliError(`--to takes a migration number (e.g. --to 14), not "${value}". ${USAGE}`);
  return Number(value);
}

function requireLocal(env: Env, what: string): void {
  if (env.PLATFORM_ENV !== 'local')
    throw new CliError(`${what} is for local databases only; PLATFORM_ENV is ${env.PLATFORM_ENV}.`);
}

async function migrate(db: Db, action: string | undefined, to: number | undefined): Promise<void> {
  if (action === 'up') {
    const applied = await migrateUp(db.pool, {
      dir: MIGRATIONS_DIR,
      to,
      onStep: (m) => console.log(`applied  ${m.file}`),
    });
    if (applied.length === 0) console.log('nothing to apply: the schema is up to date');
  } else if (action === 'down') {
    if (to === undefined) throw new CliError(`down needs --to N (0 undoes everything). ${USAGE}`);
    const undone = await migrateDown(db.pool, {
      dir: MIGRATIONS_DIR,
      to,
      onStep: (m) => console.log(`undone   ${m.file}`),
    });
    if (undone.length === 0) console.log('nothing to undo');
  } else if (action === 'status') {
    for (const m of await migrationStatus(db.pool, { dir: MIGRATIONS_DIR })) {
      console.log(`${m.state.padEnd(8)} ${m.file}${m.reversible ? '' : '  (forward-only)'}`);
    }
  } else {
    throw new CliError(USAGE);
  }
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { to: { type: 'string' } },
  });
  const [command, action] = positionals;
  let env: Env;
  try {
    env = processEnv();
  } catch (error) {
    if (error instanceof EnvError) fail(error.message);
    throw error;
  }
  const database = await openDatabase(env);
  const db = createDb(database.url);
  try {
    if (command === 'migrate') {
      await migrate(db, action, parseTarget(values.to));
    } else if (command === 'seed') {
      requireLocal(env, 'db:seed');
      const result = await seedDemoTree(db, { password: env.DEMO_PASSWORD });
      console.log(
        result.created
          ? `seeded ${result.workspaces.length} workspaces, ${result.users.length} users`
          : 'demo tree already present; nothing changed',
      );
    } else if (command === 'reset') {
      requireLocal(env, 'db:reset');
      await resetDatabase(db.pool);
      const applied = await migrateUp(db.pool, { dir: MIGRATIONS_DIR });
      const result = await seedDemoTree(db, { password: env.DEMO_PASSWORD });
      console.log(
        `reset: ${applied.length} migrations applied, ${result.users.length} demo users seeded`,
      );
    } else {
      throw new CliError(USAGE);
    }
  } finally {
    await db.close();
    await database.stop();
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
