/**
 * `npm run bench:modules`: module route resolution (issue 10, "Tests and speed"; PRD §25.1 puts
 * it at 300 ms, ours is p95 < 5 ms at 4 connections). Serves the built app on a fresh migrated
 * and seeded database where 50 modules are registered (super, `importModule`), installed and
 * enabled (Northwind's agency admin, `installModule` + `enableModule`) in Northwind Dental, all
 * pointing at one loopback stand-in target for their health checks. Then, as Northwind
 * Dental's business user (Bearer session, 4 connections), measures:
 * 1. the baseline: `GET /api/auth/session`, the cheapest authenticated call;
 * 2. navigation: `GET /api/modules/navigation?workspace_id=<Dental>`, the call the app layout
 *    makes on every page for the sidebar's Modules group (50 enabled modules with their entries),
 *    answered from the process's module snapshot cache;
 * 3. the target lookup: `GET /api/modules/{key}/page?workspace_id=<Dental>&path=/`, the call the
 *    module page route (`/w/{workspace}/m/{module}/...`, its middleware and page) makes to
 *    resolve the installation and the admin page, from the same cache;
 * 4. for comparison, not a target: `GET /api/modules/available`, the admin list (uncached), which
 *    the layout asked before the navigation endpoint;
 * and then both domain calls in process (`listAvailableModules`, `resolveModulePage`, no HTTP),
 * one caller, to split the database's part from the web stack's, and which `shell.*` SQL
 * functions (RLS policies and helpers) each call makes Postgres run, with their time.
 */
import { writeFileSync } from 'node:fs';
import { createChannelHub, createDb, type Db } from '@aiconnected/db';
import {
  createModuleSnapshotCache,
  enableModule,
  installModule,
  listAvailableModules,
  readModuleNavigation,
  resolveModulePage,
} from '@aiconnected/modules';
import { loadGoverningMemberships } from '@aiconnected/access';
import { registerTestModule, startHealthStandIn, testManifest } from '@aiconnected/modules/testing';
import { actorOf } from './lib/actor-of';
import { buildAppIfNeeded } from './lib/build-app';
import { createBenchDatabase } from './lib/create-bench-database';
import { findFreePort } from './lib/free-port';
import { watchPostgresProcesses } from './lib/postgres-processes';
import { prepareSchema } from './lib/prepare-schema';
import { resultsPath } from './lib/results-path';
import { runBench } from './lib/run-bench';
import { runLoad, type LoadResult, type LoadScenario } from './lib/run-load';
import { signInDemoUser } from './lib/sign-in';
import { startAppServer } from './lib/start-app-server';
import { summarizeLatency, type LatencySummary } from './lib/summarize-latency';
import { traceShellFunctions, type ShellFunctionShare } from './lib/trace-shell-functions';

const MODULES = 50;
const CONNECTIONS = 4;
const TARGET_P95_MS = 5;
const IN_PROCESS_CALLS = 2000;
const TRACED_CALLS = 300;
const BUSINESS = 'northwind-dental';
const PAGE_MODULE = 'bench-mod-25';
/** The page lookup's framing rules (a local deployment). */
const ENTRY_RULES = { isLocal: true, shellOrigins: ['http://localhost:3000'] };

/** `bench-mod-01` ... `bench-mod-50`. */
const moduleKey = (index: number) => `bench-mod-${String(index + 1).padStart(2, '0')}`;

/** Times `calls` sequential runs of `step` (ms each). */
async function time(calls: number, step: () => Promise<unknown>): Promise<LatencySummary> {
  const samples: number[] = [];
  for (let i = 0; i < calls; i += 1) {
    const start = performance.now();
    await step();
    samples.push(performance.now() - start);
  }
  return summarizeLatency(samples);
}

const ms = (value: number) => (value < 1 ? value.toFixed(3) : value.toFixed(2)).padStart(7);
const ratio = (value: number) => value.toFixed(2).padStart(6);

runBench(async ({ settings, environment, cleanup, startedAt, machine }) => {
  await buildAppIfNeeded(environment);
  const database = await createBenchDatabase(settings.databaseUrl, cleanup);
  console.log(`• Database: ${database.description}`);
  await prepareSchema(database.url, settings.demoPassword);

  // One loopback stand-in target answers every module's health check.
  const target = await startHealthStandIn();
  cleanup.add('stop the stand-in module target', () => target.close());
  const db = createDb(database.url, { max: 2 });
  cleanup.add('close the bench pool', () => db.close());
  const superActor = await actorOf(db, 'super@demo.local', 'platform', 'super_admin');
  const agencyAdmin = await actorOf(db, 'agency-a-admin@demo.local', 'northwind', 'agency_admin');
  const member = await actorOf(db, 'business-a1-user@demo.local', BUSINESS, 'business_user');
  const workspaceId = member.workspace_id;
  const seedStart = performance.now();
  for (let index = 0; index < MODULES; index += 1) {
    const key = moduleKey(index);
    const manifest = testManifest({ key, baseUrl: target.baseUrl('healthy') });
    await registerTestModule(db, superActor, manifest);
    const transition = { actor: agencyAdmin, workspaceId, moduleKey: key };
    await installModule(db, { ...transition, correlationId: `bench-install-${key}` });
    await enableModule(db, { ...transition, correlationId: `bench-enable-${key}` });
  }
  console.log(
    `• ${MODULES} modules registered, installed and enabled in ${BUSINESS} ` +
      `(${((performance.now() - seedStart) / 1000).toFixed(1)} s, ${target.hits.healthy} health checks)`,
  );

  const logFile = resultsPath(startedAt, 'server.log', 'modules');
  const server = await startAppServer({
    databaseUrl: database.url,
    port: await findFreePort(),
    environment,
    logFile,
    cleanup,
  });
  console.log(`• Serving ${server.baseUrl} (output in ${logFile})`);
  const session = await signInDemoUser(
    server.baseUrl,
    'business-a1-user@demo.local',
    settings.demoPassword,
  );
  if (session.defaultWorkspaceId !== workspaceId) {
    throw new Error(`the business user's session is not in ${BUSINESS}`);
  }
  const headers = { authorization: `Bearer ${session.token}` };
  const availablePath = `/api/modules/available?workspace_id=${workspaceId}`;
  const navigationPath = `/api/modules/navigation?workspace_id=${workspaceId}`;
  const pagePath = `/api/modules/${PAGE_MODULE}/page?workspace_id=${workspaceId}&path=%2F`;

  // What the scenarios answer, checked once before they are timed.
  const available = await fetch(`${server.baseUrl}${navigationPath}`, { headers });
  const availableBody = await available.text();
  const items = (JSON.parse(availableBody) as { items: { navigation: unknown[] }[] }).items;
  const entries = items.reduce((sum, item) => sum + item.navigation.length, 0);
  if (available.status !== 200 || items.length !== MODULES || entries !== MODULES) {
    throw new Error(`GET ${navigationPath}: ${available.status}, ${items.length} items`);
  }
  const adminList = await fetch(`${server.baseUrl}${availablePath}`, { headers });
  const adminListBody = await adminList.text();
  if (adminList.status !== 200) throw new Error(`GET ${availablePath}: ${adminList.status}`);
  const page = await fetch(`${server.baseUrl}${pagePath}`, { headers });
  if (page.status !== 200) throw new Error(`GET ${pagePath}: ${page.status} ${await page.text()}`);
  console.log(
    `• As business-a1-user: ${items.length} enabled modules, ${entries} navigation entries, ` +
      `${(availableBody.length / 1024).toFixed(1)} KiB of JSON; ${PAGE_MODULE}'s page resolves`,
  );

  const postgres = await watchPostgresProcesses(database.url);
  cleanup.add('close the Postgres process watcher', () => postgres.close());
  const scenario = (key: string, label: string, path: string): LoadScenario => ({
    key,
    label,
    connections: CONNECTIONS,
    requestsFor: () => [{ method: 'GET', path, headers }],
    stop: { seconds: settings.durationSeconds },
    warmupSeconds: settings.warmupSeconds,
  });
  const scenarios = [
    scenario('session@4', 'GET /api/auth/session (baseline)', '/api/auth/session'),
    scenario('navigation@4', 'GET /api/modules/navigation (50 enabled)', navigationPath),
    scenario('page@4', 'GET /api/modules/{key}/page (target lookup)', pagePath),
    scenario('available@4', 'GET /api/modules/available (admin list)', availablePath),
  ];
  const results: LoadResult[] = [];
  for (const each of scenarios) {
    console.log(`• ${each.key}: ${each.label}, ${CONNECTIONS} conn, ${settings.durationSeconds} s`);
    results.push(
      await runLoad(
        { baseUrl: server.baseUrl, serverPid: server.pid, listPostgres: postgres.list },
        each,
      ),
    );
  }
  await server.stop();

  console.log('• The two domain calls in process (one caller, no HTTP)');
  const list = () => listAvailableModules(db, { actor: member, workspaceId });
  const resolve = () =>
    resolveModulePage(db, {
      actor: member,
      workspaceId,
      moduleKey: PAGE_MODULE,
      path: '/',
      rules: ENTRY_RULES,
    });
  await time(200, list); // warm-up
  await time(200, resolve);
  const listed = await time(IN_PROCESS_CALLS, list);
  const resolved = await time(IN_PROCESS_CALLS, resolve);
  // The same two lookups as the API makes them: the session's memberships, the snapshot cache.
  const hub = createChannelHub(db);
  const snapshots = createModuleSnapshotCache(db, { hub });
  snapshots.listen();
  cleanup.add('close the bench snapshot cache', () => snapshots.close());
  for (let waited = 0; !snapshots.active; waited += 10) {
    if (waited > 10_000) throw new Error('the module snapshot cache did not become active');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const governing = await db.withService('bench: the business user’s memberships', (tx) =>
    loadGoverningMemberships(tx, { userId: member.user_id, workspaceId }),
  );
  const cached = {
    actor: member,
    workspaceId,
    activeMemberships: governing?.memberships ?? [],
    snapshots,
  };
  const navigate = () => readModuleNavigation(db, cached);
  const resolveCached = () =>
    resolveModulePage(db, { ...cached, moduleKey: PAGE_MODULE, path: '/', rules: ENTRY_RULES });
  await time(200, navigate);
  await time(200, resolveCached);
  const navigated = await time(IN_PROCESS_CALLS, navigate);
  const resolvedCached = await time(IN_PROCESS_CALLS, resolveCached);

  // Where Postgres spends a lookup: the shell.* functions its RLS policies and helpers run.
  const traced = traceShellFunctions(database.url);
  cleanup.add('close the traced connection', () => traced.close());
  const shares: Record<string, ShellFunctionShare[]> = {};
  for (const [label, step] of [
    ['listAvailableModules', (on: Db) => listAvailableModules(on, { actor: member, workspaceId })],
    [
      'resolveModulePage',
      (on: Db) =>
        resolveModulePage(on, {
          actor: member,
          workspaceId,
          moduleKey: PAGE_MODULE,
          path: '/',
          rules: ENTRY_RULES,
        }),
    ],
  ] as const) {
    await traced.measure(50, step); // warm-up
    shares[label] = await traced.measure(TRACED_CALLS, step);
  }

  const [baseline] = results;
  const targeted = new Set(['navigation@4', 'page@4']);
  if (!baseline) throw new Error('no baseline measured');
  console.log(
    `\n| ${'measured'.padEnd(46)} | p50 ms  | p95 ms  | p99 ms  |  req/s | p95 / base | req/s / base |`,
  );
  console.log(
    `| ${'-'.repeat(46)} | ------: | ------: | ------: | -----: | ---------: | -----------: |`,
  );
  for (const result of results) {
    const { latency } = result;
    console.log(
      `| ${result.label.padEnd(46)} | ${ms(latency.p50)} | ${ms(latency.p95)} | ${ms(latency.p99)} | ` +
        `${result.requestsPerSecond.toFixed(0).padStart(6)} | ${ratio(latency.p95 / baseline.latency.p95).padStart(10)} | ` +
        `${ratio(result.requestsPerSecond / baseline.requestsPerSecond).padStart(12)} |`,
    );
  }
  for (const [label, latency] of [
    ['readModuleNavigation in process, cached', navigated],
    ['resolveModulePage in process, cached', resolvedCached],
    ['listAvailableModules in process (uncached)', listed],
    ['resolveModulePage in process, uncached', resolved],
  ] as const) {
    console.log(
      `| ${label.padEnd(46)} | ${ms(latency.p50)} | ${ms(latency.p95)} | ${ms(latency.p99)} | ${'-'.padStart(6)} | ${'-'.padStart(10)} | ${'-'.padStart(12)} |`,
    );
  }
  for (const [label, list] of Object.entries(shares)) {
    const self = list.reduce((sum, share) => sum + share.selfMs, 0);
    console.log(
      `\nshell.* functions per ${label} call (track_functions, one connection): ${self.toFixed(3)} ms in all`,
    );
    for (const share of list) {
      console.log(
        `  ${share.name.padEnd(30)} ${share.callsPerCall.toFixed(0).padStart(3)} calls, ` +
          `self ${share.selfMs.toFixed(3)} ms, with callees ${share.totalMs.toFixed(3)} ms`,
      );
    }
  }
  console.log('\nServer and Postgres CPU per request (ms):');
  for (const result of results) {
    const cpu = result.cpuPerRequest;
    console.log(
      `  ${result.key.padEnd(13)} server ${cpu.serverMs.toFixed(3)}, Postgres ${cpu.postgresMs.toFixed(3)}, ` +
        `load generator ${cpu.loadGeneratorMs.toFixed(3)}, other ${cpu.otherMs.toFixed(3)}`,
    );
  }

  const targets = results
    .filter((result) => targeted.has(result.key))
    .map((result) => ({
      key: result.key,
      p95: result.latency.p95,
      met: result.latency.p95 < TARGET_P95_MS,
    }));
  console.log('');
  for (const outcome of targets) {
    console.log(
      `${outcome.met ? '✓ PASS' : '✗ MISS'} ${outcome.key} p95 ${outcome.p95.toFixed(2)} ms ` +
        `(target < ${TARGET_P95_MS} ms; PRD §25.1: 300 ms)`,
    );
  }
  const file = resultsPath(startedAt, 'json', 'modules');
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        startedAt,
        machine,
        database: database.description,
        settings: {
          durationSeconds: settings.durationSeconds,
          warmupSeconds: settings.warmupSeconds,
        },
        modules: MODULES,
        navigationBytes: availableBody.length,
        adminListBytes: adminListBody.length,
        results,
        inProcess: {
          readModuleNavigationCached: navigated,
          resolveModulePageCached: resolvedCached,
          listAvailableModules: listed,
          resolveModulePage: resolved,
        },
        shellFunctions: shares,
        targets,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`• Results: ${file}`);
  const failed = results.filter((result) => result.errors > 0 || result.non2xx > 0);
  for (const result of failed) {
    console.error(
      `✖ ${result.key}: ${JSON.stringify(result.statusCounts)}, ${result.errors} errors`,
    );
  }
  return failed.length > 0 ? 1 : 0;
});
