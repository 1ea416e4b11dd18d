// `npm run bench:rls-helpers`: the RLS helper functions of schema shell as plpgsql (migration
// 038) against the sql definitions they replaced (038's down file), side by side in process.
// A fresh database migrated and seeded, and a copy of it taken back below 038; on one
// connection each (`track_functions = all`), the same statements alternate between them in
// rounds, as three demo users in their workspaces. Prints, per helper, Postgres's time per call
// (pg_stat_user_functions, callees included) and, for three RLS-governed reads, the p50 of
// the statement seen by the client. See bench/README.md "`npm run bench:rls-helpers`".
import { writeFileSync } from 'node:fs';
import { migrateDown, MIGRATIONS_DIR } from '@aiconnected/db';
import pg from 'pg';
import type { Cleanup } from './lib/cleanup';
import { createBenchDatabase } from './lib/create-bench-database';
import { prepareSchema } from './lib/prepare-schema';
import { resultsPath } from './lib/results-path';
import { runBench } from './lib/run-bench';

/** The migration that made the helpers plpgsql; the "sql" database stops just below it. */
const PLPGSQL_MIGRATION = 38;
const ROUNDS = 10;
const PER_ROUND = 100;

const ACTORS = [
  {
    name: 'business user @ Dental',
    email: 'business-a1-user@demo.local',
    workspace: 'Northwind Dental',
  },
  {
    name: 'agency admin @ Dental',
    email: 'agency-a-admin@demo.local',
    workspace: 'Northwind Dental',
  },
  { name: 'super @ platform', email: 'super@demo.local', workspace: 'aiConnected Platform' },
] as const;

type Variant = 'sql' | 'plpgsql';
interface Row {
  actor: string;
  what: string;
  /** Postgres's time per call of the helper (or of every helper the statement ran), ms. */
  sqlFunctionMs: number;
  plpgsqlFunctionMs: number;
  /** The statement as the client saw it, p50 ms. */
  sqlP50: number;
  plpgsqlP50: number;
}

async function connect(url: string): Promise<pg.Client> {
  const withTracking = new URL(url);
  withTracking.searchParams.set('options', '-c track_functions=all');
  const client = new pg.Client({ connectionString: withTracking.toString() });
  await client.connect();
  return client;
}

async function one(client: pg.Client, sql: string, params: unknown[] = []): Promise<string> {
  const { rows } = await client.query<{ v: string }>(sql, params);
  const value = rows[0]?.v;
  if (value === undefined) throw new Error(`no row: ${sql}`);
  return value;
}

/** The claims withWorkspace would set for `email` acting in `workspace` (its role's capabilities). */
async function claimsOf(client: pg.Client, email: string, workspace: string): Promise<string> {
  return one(
    client,
    `select json_build_object('sub', u.id, 'role', 'authenticated', 'workspace_id', w.id,
              'role_template', m.role_template,
              'permissions', (select coalesce(json_agg(p.code), '[]') from public.roles r
                                join public.role_permissions rp on rp.role_id = r.id
                                join public.permissions p on p.id = rp.permission_id
                               where r.code = m.role_template))::text as v
       from public.users u join public.workspace_memberships m on m.user_id = u.id
       join public.workspaces w on w.name = $2
      where u.email = $1 limit 1`,
    [email, workspace],
  );
}

async function statements(client: pg.Client): Promise<[string, string][]> {
  const dental = await one(
    client,
    "select id::text as v from public.workspaces where name = 'Northwind Dental'",
  );
  const user = await one(
    client,
    "select id::text as v from public.users where email = 'business-a1-user@demo.local'",
  );
  const permission = await one(
    client,
    "select id::text as v from public.permissions where code = 'branding.edit'",
  );
  return [
    ['claims', 'select shell.claims()'],
    ['current_user_id', 'select shell.current_user_id()'],
    ['current_workspace_id', 'select shell.current_workspace_id()'],
    ['claimed_permissions', 'select shell.claimed_permissions()'],
    ['is_super', 'select shell.is_super()'],
    ['in_platform_scope', 'select shell.in_platform_scope()'],
    ['visible_workspace_ids', 'select shell.visible_workspace_ids()'],
    ['workspaces_with_permission', "select shell.workspaces_with_permission('modules.enable')"],
    ['has_platform_permission', "select shell.has_platform_permission('modules.install')"],
    [
      'holds_all_capabilities',
      `select shell.holds_all_capabilities('${dental}', array['branding.edit', 'modules.enable'])`,
    ],
    ['can_assign_role', `select shell.can_assign_role('${dental}', 'business_user')`],
    ['can_grant_permission', `select shell.can_grant_permission('${dental}', '${permission}')`],
    ['can_manage_user', `select shell.can_manage_user('${user}')`],
    ['login_override_allowed', `select shell.login_override_allowed('${dental}')`],
    [
      'module_management_allowed',
      `select shell.module_management_allowed('${dental}', 'modules.enable')`,
    ],
    ['select workspace_memberships', 'select count(*) from public.workspace_memberships'],
    ['select workspaces', 'select count(*) from public.workspaces'],
    ['select users', 'select count(*) from public.users'],
  ];
}

type FunctionTimes = Map<string, { total: number; self: number }>;

async function functionTimes(client: pg.Client): Promise<FunctionTimes> {
  await client.query('select pg_stat_force_next_flush()');
  await client.query('select 1'); // flushed when that transaction ends
  const { rows } = await client.query<{ funcname: string; total_time: number; self_time: number }>(
    "select funcname, total_time, self_time from pg_stat_user_functions where schemaname = 'shell'",
  );
  return new Map(rows.map((row) => [row.funcname, { total: row.total_time, self: row.self_time }]));
}

/** ms Postgres spent between two readings: in `name` (callees included), or in every helper. */
function spent(before: FunctionTimes, after: FunctionTimes, name: string | null): number {
  if (name !== null) return (after.get(name)?.total ?? 0) - (before.get(name)?.total ?? 0);
  let self = 0;
  for (const [fn, times] of after) self += times.self - (before.get(fn)?.self ?? 0);
  return self;
}

const p50 = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const ms = (value: number) => value.toFixed(3);

/**
 * A copy of the database at `url` (CREATE DATABASE ... TEMPLATE, so the same rows and ids),
 * dropped by `cleanup`. Asked through template1, which every server has.
 */
async function copyDatabase(url: string, cleanup: Cleanup): Promise<string> {
  const source = new URL(url);
  const name = decodeURIComponent(source.pathname.slice(1));
  const copy = `${name}_sql`.replace(/[^a-z0-9_]/gi, '_');
  const maintenance = new URL(url);
  maintenance.pathname = '/template1';
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: maintenance.toString() });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`create database ${copy} template "${name.replace(/"/g, '""')}"`);
  cleanup.add(`drop database ${copy}`, () => run(`drop database if exists ${copy} with (force)`));
  const target = new URL(url);
  target.pathname = `/${copy}`;
  return target.toString();
}

runBench(async ({ settings, cleanup, startedAt }) => {
  const database = await createBenchDatabase(settings.databaseUrl, cleanup);
  console.log(`• Database: ${database.description}, and a copy of it taken back below 038`);
  await prepareSchema(database.url, settings.demoPassword);
  const urls: Record<Variant, string> = {
    plpgsql: database.url,
    sql: await copyDatabase(database.url, cleanup),
  };
  const admin = new pg.Pool({ connectionString: urls.sql, max: 1 });
  await migrateDown(admin, { dir: MIGRATIONS_DIR, to: PLPGSQL_MIGRATION - 1 });
  await admin.end();
  console.log(`• The copy taken back to ${PLPGSQL_MIGRATION - 1} (038's down file)`);

  const clients = { sql: await connect(urls.sql), plpgsql: await connect(urls.plpgsql) };
  cleanup.add('close the bench connections', async () => {
    await clients.sql.end();
    await clients.plpgsql.end();
  });
  const asked = await statements(clients.sql);
  if (JSON.stringify(asked) !== JSON.stringify(await statements(clients.plpgsql))) {
    throw new Error('the two databases were seeded differently');
  }

  const rows: Row[] = [];
  console.log(
    `\n| actor | called | Postgres ms per call, sql → plpgsql | statement p50 ms, sql → plpgsql |`,
  );
  console.log('| --- | --- | ---: | ---: |');
  for (const actor of ACTORS) {
    const claims = await claimsOf(clients.sql, actor.email, actor.workspace);
    for (const [what, sql] of asked) {
      const latencies: Record<Variant, number[]> = { sql: [], plpgsql: [] };
      const functionMs: Record<Variant, number> = { sql: 0, plpgsql: 0 };
      const answers: Record<Variant, string> = { sql: '', plpgsql: '' };
      for (let round = 0; round < ROUNDS; round += 1) {
        const order: Variant[] = round % 2 === 0 ? ['sql', 'plpgsql'] : ['plpgsql', 'sql'];
        for (const variant of order) {
          const client = clients[variant];
          const before = await functionTimes(client);
          await client.query('begin');
          await client.query(
            "select set_config('request.jwt.claims', $1, true), set_config('role', 'authenticated', true)",
            [claims],
          );
          for (let i = 0; i < PER_ROUND; i += 1) {
            const started = performance.now();
            const result = await client.query(sql);
            latencies[variant].push(performance.now() - started);
            answers[variant] = JSON.stringify(result.rows);
          }
          await client.query('commit');
          const after = await functionTimes(client);
          functionMs[variant] += spent(before, after, what.startsWith('select ') ? null : what);
        }
      }
      if (answers.sql !== answers.plpgsql) {
        throw new Error(
          `${actor.name}, ${what}: the answers differ (${answers.sql} / ${answers.plpgsql})`,
        );
      }
      const calls = ROUNDS * PER_ROUND;
      const row: Row = {
        actor: actor.name,
        what,
        sqlFunctionMs: functionMs.sql / calls,
        plpgsqlFunctionMs: functionMs.plpgsql / calls,
        sqlP50: p50(latencies.sql),
        plpgsqlP50: p50(latencies.plpgsql),
      };
      rows.push(row);
      console.log(
        `| ${row.actor} | ${row.what} | ${ms(row.sqlFunctionMs)} → ${ms(row.plpgsqlFunctionMs)} | ${ms(row.sqlP50)} → ${ms(row.plpgsqlP50)} |`,
      );
    }
  }
  const file = resultsPath(startedAt, 'json', 'rls-helpers');
  writeFileSync(
    file,
    `${JSON.stringify({ startedAt, rounds: ROUNDS, perRound: PER_ROUND, rows }, null, 2)}\n`,
  );
  console.log(`\n• Results: ${file}`);
  return 0;
});
