/**
 * `npm run bench:scale`: does the cost of the API grow with the number of tenants? Builds two
 * fresh databases with the demo tree, grows the second into the large tree (22,206
 * workspaces, 66,608 users and memberships, 66,600 sessions, 1,000,000 audit rows), serves
 * each with its own app server (apps/platform/scripts/serve.ts), and measures the workspace,
 * user and audit lists, the guard and the switch at 4 connections as an agency admin and as
 * super, each scenario on the demo tree and right after on the large tree, so both sizes see
 * the same machine. Prints each p95 on both sizes with its growth (target: at most 2x).
 * Exits non-zero only when requests fail outright; a missed target is reported, not fatal.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import pg from 'pg';
import { buildAppIfNeeded } from './lib/build-app';
import type { Cleanup } from './lib/cleanup';
import { createBenchDatabase } from './lib/create-bench-database';
import { runBench } from './lib/run-bench';
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

/** A served tree: its server and the sessions of both roles. */
interface ServedTree {
  size: 'demo' | 'large';
  target: LoadTarget;
  roles: ScaleRole[];
}

/** Each scenario on the demo tree, then at once on the large tree. */
async function measureInterleaved(
  trees: readonly ServedTree[],
  durationSeconds: number,
  warmupSeconds: number,
): Promise<LoadResult[]> {
  const [first] = trees;
  if (!first) return [];
  const results: LoadResult[] = [];
  const count = scaleScenarios(first.roles, first.size, durationSeconds, warmupSeconds).length;
  for (let i = 0; i < count; i += 1) {
    for (const tree of trees) {
      const scenario = scaleScenarios(tree.roles, tree.size, durationSeconds, warmupSeconds)[i];
      if (!scenario) continue;
      const result = await runLoad(tree.target, scenario);
      const { p50, p95 } = result.latency;
      console.log(
        `• ${scenario.key.padEnd(24)} p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, ` +
          `${result.requestsPerSecond.toFixed(0)} req/s`,
      );
      results.push(result);
    }
  }
  return results;
}

/** A second database on the same server as `url`, dropped by `cleanup`. */
async function createSiblingDatabase(url: string, cleanup: Cleanup): Promise<string> {
  const name = `bench_scale_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  cleanup.add(`drop database ${name}`, () => admin(`drop database if exists ${name} with (force)`));
  const sibling = new URL(url);
  sibling.pathname = `/${name}`;
  return sibling.toString();
}

/** Migrates and seeds `url`, serves it, and signs both roles in. */
async function serveTree(
  size: ServedTree['size'],
  url: string,
  input: { environment: NodeJS.ProcessEnv; logFile: string; password: string; cleanup: Cleanup },
): Promise<ServedTree & { stop(): Promise<void> }> {
  const demo = await prepareSchema(url, input.password);
  const dental = await workspaceIdOf(url, 'northwind-dental');
  if (size === 'large') {
    console.log('• Growing the large tree (set-based INSERT ... SELECT generate_series)');
    const counts = await growLargeTree(url);
    console.log(
      `• Large tree in ${counts.seconds.toFixed(1)} s: ${counts.workspaces} workspaces, ` +
        `${counts.users} users, ${counts.memberships} memberships, ${counts.sessions} sessions, ` +
        `${counts.auditRows} audit rows`,
    );
  }
  const server = await startAppServer({
    databaseUrl: url,
    port: await findFreePort(),
    environment: input.environment,
    logFile: input.logFile,
    cleanup: input.cleanup,
  });
  console.log(`• Serving the ${size} tree on ${server.baseUrl} (output in ${input.logFile})`);
  const roles = [
    await signInRole(server.baseUrl, 'agency', AGENCY_USER, input.password, [
      demo.northwind,
      dental,
    ]),
    await signInRole(server.baseUrl, 'super', SUPER_USER, input.password, [
      demo.northwind,
      demo.contoso,
    ]),
  ];
  const postgres = await watchPostgresProcesses(url);
  input.cleanup.add(`close the ${size} tree's Postgres process watcher`, () => postgres.close());
  return {
    size,
    roles,
    target: { baseUrl: server.baseUrl, serverPid: server.pid, listPostgres: postgres.list },
    stop: () => server.stop(),
  };
}

runBench(async ({ settings, environment, cleanup, startedAt, machine }) => {
  await buildAppIfNeeded(environment);
  const database = await createBenchDatabase(settings.databaseUrl, cleanup);
  const largeUrl = await createSiblingDatabase(database.url, cleanup);
  console.log(`• Databases: ${database.description} (demo tree) and a sibling (large tree)`);
  const input = {
    environment,
    logFile: resultsPath(startedAt, 'server.log', 'scale'),
    password: settings.demoPassword,
    cleanup,
  };
  const demo = await serveTree('demo', database.url, input);
  const large = await serveTree('large', largeUrl, input);
  const { durationSeconds, warmupSeconds } = settings;
  const results = await measureInterleaved([demo, large], durationSeconds, warmupSeconds);
  await demo.stop();
  await large.stop();
  const roles = demo.roles;

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
    results,
    growth,
  };
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  console.log(`• Results written to ${file}`);
  const failures = results.flatMap(failuresOf);
  for (const failure of failures) console.error(`✖ ${failure}`);
  return failures.length > 0 ? 1 : 0;
});
