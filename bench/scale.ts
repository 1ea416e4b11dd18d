/**
 * `npm run bench:scale`: does the cost of the API grow with the number of tenants? Serves the
 * app (apps/platform/scripts/serve.ts) on a fresh database with the demo tree, measures the
 * workspace, user and audit lists, the guard and the switch at 4 connections as an agency
 * admin and as super, grows the same database into the large tree (22,206 workspaces, 66,608
 * users and memberships, 66,600 sessions, 1,000,000 audit rows), measures again and prints
 * each p95 on both sizes with its growth (target: at most 2x). Exits non-zero only when
 * requests fail outright; a missed target is reported, not fatal.
 */
import { writeFileSync } from 'node:fs';
import pg from 'pg';
import { buildAppIfNeeded } from './lib/build-app';
import { createCleanup } from './lib/cleanup';
import { createBenchDatabase } from './lib/create-bench-database';
import { describeMachine } from './lib/describe-machine';
import { inheritedEnvironment, readBenchEnv } from './lib/env';
import { findFreePort } from './lib/free-port';
import { growLargeTree } from './lib/grow-large-tree';
import { watchPostgresProcesses } from './lib/postgres-processes';
import { prepareSchema } from './lib/prepare-schema';
import { computeGrowth, printGrowth } from './lib/print-growth';
import { resultsPath } from './lib/results-path';
import { runLoad, type LoadResult, type LoadTarget } from './lib/run-load';
import { SCALE_CONNECTIONS, scaleScenarios, type ScaleRole } from './lib/scale-scenarios';
import { signInDemoUser } from './lib/sign-in';
import { startAppServer } from './lib/start-app-server';

const AGENCY_USER = 'agency-a-admin@demo.local';
const SUPER_USER = 'super@demo.local';

async function workspaceIdOf(url: string, slug: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      'select id from public.workspaces where slug = $1',
      [slug],
    );
    const id = rows[0]?.id;
    if (!id) throw new Error(`the demo tree has no workspace "${slug}"`);
    return id;
  } finally {
    await client.end();
  }
}

async function signInRole(
  baseUrl: string,
  name: string,
  email: string,
  password: string,
  switchTargets: readonly [string, string],
): Promise<ScaleRole> {
  const read = await signInDemoUser(baseUrl, email, password);
  const switchTokens: string[] = [];
  for (let i = 0; i < SCALE_CONNECTIONS; i += 1) {
    switchTokens.push((await signInDemoUser(baseUrl, email, password)).token);
  }
  return { name, readToken: read.token, switchTokens, switchTargets };
}

function failuresOf(result: LoadResult): string[] {
  const problems = Object.entries(result.statusCounts)
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, count]) => `${result.key}: ${count} responses with status ${code}`);
  if (result.errors > 0)
    problems.push(`${result.key}: ${result.errors} requests errored or timed out`);
  return problems;
}

async function measureAll(
  target: LoadTarget,
  roles: readonly ScaleRole[],
  size: string,
  durationSeconds: number,
  warmupSeconds: number,
): Promise<LoadResult[]> {
  const results: LoadResult[] = [];
  for (const scenario of scaleScenarios(roles, size, durationSeconds, warmupSeconds)) {
    const result = await runLoad(target, scenario);
    const { p50, p95 } = result.latency;
    console.log(
      `• ${scenario.key.padEnd(22)} p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, ` +
        `${result.requestsPerSecond.toFixed(0)} req/s`,
    );
    results.push(result);
  }
  return results;
}

async function main(): Promise<number> {
  const settings = readBenchEnv();
  const environment = inheritedEnvironment();
  const cleanup = createCleanup();
  const startedAt = new Date();
  const machine = describeMachine();
  if (machine.busy) {
    console.warn(
      `! Load average ${machine.loadAverageAtStart} on ${machine.cpus} cores: other work is running, numbers will be skewed.`,
    );
  }
  try {
    await buildAppIfNeeded(environment);
    const database = await createBenchDatabase(settings.databaseUrl, cleanup);
    console.log(`• Database: ${database.description}`);
    const demo = await prepareSchema(database.url, settings.demoPassword);
    const dental = await workspaceIdOf(database.url, 'northwind-dental');
    const logFile = resultsPath(startedAt, 'server.log', 'scale');
    const server = await startAppServer({
      databaseUrl: database.url,
      port: await findFreePort(),
      environment,
      logFile,
      cleanup,
    });
    console.log(`• Serving ${server.baseUrl} (output in ${logFile})`);
    const password = settings.demoPassword;
    const roles = [
      await signInRole(server.baseUrl, 'agency', AGENCY_USER, password, [demo.northwind, dental]),
      await signInRole(server.baseUrl, 'super', SUPER_USER, password, [
        demo.northwind,
        demo.contoso,
      ]),
    ];
    const postgres = await watchPostgresProcesses(database.url);
    cleanup.add('close the Postgres process watcher', () => postgres.close());
    const target: LoadTarget = {
      baseUrl: server.baseUrl,
      serverPid: server.pid,
      listPostgres: postgres.list,
    };
    const { durationSeconds, warmupSeconds } = settings;

    console.log('• Demo tree');
    const results = await measureAll(target, roles, 'demo', durationSeconds, warmupSeconds);
    console.log('• Growing the large tree (set-based INSERT ... SELECT generate_series)');
    const counts = await growLargeTree(database.url);
    console.log(
      `• Large tree in ${counts.seconds.toFixed(1)} s: ${counts.workspaces} workspaces, ` +
        `${counts.users} users, ${counts.memberships} memberships, ${counts.sessions} sessions, ` +
        `${counts.auditRows} audit rows`,
    );
    results.push(...(await measureAll(target, roles, 'large', durationSeconds, warmupSeconds)));
    await server.stop();

    const growth = computeGrowth(
      results,
      roles.map((role) => role.name),
    );
    printGrowth(growth);
    const misses = growth.filter((row) => !row.pass).length;
    console.log(
      misses === 0 ? '\nPASS: no p95 grew more than 2x' : `\nMISS: ${misses} p95 grew more than 2x`,
    );
    const { busy: _busy, ...machineRecord } = machine;
    const file = resultsPath(startedAt, 'json', 'scale');
    const record = {
      startedAt,
      machine: machineRecord,
      database: database.description,
      settings: { durationSeconds, warmupSeconds },
      largeTree: counts,
      results,
      growth,
    };
    writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
    console.log(`• Results written to ${file}`);
    const failures = results.flatMap(failuresOf);
    for (const failure of failures) console.error(`✖ ${failure}`);
    return failures.length > 0 ? 1 : 0;
  } finally {
    await cleanup.run();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`\n✖ ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
