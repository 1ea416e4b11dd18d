/**
 * `npm run bench:theme`: what emitting the resolved theme adds to a signed-in page (issue 9,
 * "Bench: effective theme resolution for a signed-in page adds p95 < 2 ms"). Serves the built
 * app on a fresh migrated and seeded database, saves a baseline and an agency theme through
 * the API, then measures:
 * 1. a signed-in page (`GET /account` as a business admin of that agency, cookie session) over
 *    HTTP: the whole page, theme included;
 * 2. in process, the two branding steps each page runs against the same database: the theme
 *    (lib/page-theme.ts: `themeCss.cssFor` of the active workspace) and the header logos
 *    (lib/workspace-logos.ts: `workspaceLogos.logosOf`), each with its cache as the runtime uses
 *    it (listening, warm) and, the worst case, uncached (read from Postgres every time), and
 *    both in a row, cached, as a page runs them.
 * The page without the branding steps is the page minus step 2: the added p95 is the p95 of
 * both steps in a row.
 */
import { createChannelHub, createDb } from '@aiconnected/db';
import { createThemeCssCache, createWorkspaceLogosCache } from '@aiconnected/branding';
import { buildAppIfNeeded } from './lib/build-app';
import { createBenchDatabase } from './lib/create-bench-database';
import { findFreePort } from './lib/free-port';
import { watchPostgresProcesses } from './lib/postgres-processes';
import { prepareSchema } from './lib/prepare-schema';
import { resultsPath } from './lib/results-path';
import { runBench } from './lib/run-bench';
import { runLoad, type LoadScenario } from './lib/run-load';
import { signInDemoUser } from './lib/sign-in';
import { startAppServer } from './lib/start-app-server';
import { summarizeLatency, type LatencySummary } from './lib/summarize-latency';

const TARGET_ADDED_P95_MS = 2;
const CACHED_CALLS = 20_000;
const UNCACHED_CALLS = 500;

/** Saves `tokens` as the theme of the session's active workspace. */
async function saveTheme(baseUrl: string, token: string, tokens: unknown): Promise<void> {
  const response = await fetch(`${baseUrl}/api/themes/current`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ theme_tokens: tokens, change_note: 'bench' }),
  });
  if (response.status !== 200) {
    throw new Error(
      `PUT /api/themes/current answered ${response.status}: ${await response.text()}`,
    );
  }
}

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

const ms = (value: number) => (value < 1 ? value.toFixed(3) : value.toFixed(2)).padStart(8);
const row = (label: string, latency: LatencySummary) =>
  `| ${label.padEnd(58)} | ${ms(latency.p50)} | ${ms(latency.p95)} | ${ms(latency.p99)} | ${String(latency.count).padStart(6)} |`;

runBench(async ({ settings, environment, cleanup, startedAt }) => {
  await buildAppIfNeeded(environment);
  const database = await createBenchDatabase(settings.databaseUrl, cleanup);
  console.log(`• Database: ${database.description}`);
  await prepareSchema(database.url, settings.demoPassword);
  const logFile = resultsPath(startedAt, 'server.log', 'theme');
  const server = await startAppServer({
    databaseUrl: database.url,
    port: await findFreePort(),
    environment,
    logFile,
    cleanup,
  });
  console.log(`• Serving ${server.baseUrl} (output in ${logFile})`);

  const password = settings.demoPassword;
  const superSession = await signInDemoUser(server.baseUrl, 'super@demo.local', password);
  const agency = await signInDemoUser(server.baseUrl, 'agency-a-admin@demo.local', password);
  const business = await signInDemoUser(server.baseUrl, 'business-a1-admin@demo.local', password);
  await saveTheme(server.baseUrl, superSession.token, {
    light: { 'chart-1': '#b91c1c' },
    shared: { radius: '0.75rem' },
    locks: ['radius'],
  });
  await saveTheme(server.baseUrl, agency.token, { light: { primary: '#1d4ed8' } });
  const workspaceId = business.defaultWorkspaceId;
  if (workspaceId === null) throw new Error('the business admin has no default workspace');
  console.log('• Saved a baseline theme (super) and an agency theme (Northwind)');

  const postgres = await watchPostgresProcesses(database.url);
  cleanup.add('close the Postgres process watcher', () => postgres.close());
  const page: LoadScenario = {
    key: 'page-account@1',
    label: 'GET /account, signed in (business admin), theme emitted',
    connections: 1,
    requestsFor: () => [
      { method: 'GET', path: '/account', headers: { cookie: `shell_session=${business.token}` } },
    ],
    stop: { seconds: settings.durationSeconds },
    warmupSeconds: settings.warmupSeconds,
  };
  console.log(`• ${page.key}: ${page.label}, 1 conn, ${settings.durationSeconds} s`);
  const pageResult = await runLoad(
    { baseUrl: server.baseUrl, serverPid: server.pid, listPostgres: postgres.list },
    page,
  );
  await server.stop();

  console.log('• The theme and header-logos steps in process, cached and uncached');
  const db = createDb(database.url, { max: 2 });
  cleanup.add('close the bench pool', () => db.close());
  // Both caches on one listening connection, as the runtime's (apps/platform/src/server/runtime.ts).
  const hub = createChannelHub(db);
  const cached = createThemeCssCache(db, { hub });
  cleanup.add('stop the theme cache', () => cached.close());
  const logos = createWorkspaceLogosCache(db, { hub });
  cleanup.add('stop the logos cache', () => logos.close());
  cached.listen();
  logos.listen();
  for (let i = 0; i < 100 && !(cached.active && logos.active); i += 1) {
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!cached.active || !logos.active) throw new Error('a branding cache did not start listening');
  const bothSteps = async () => {
    await cached.cssFor(workspaceId);
    await logos.logosOf(workspaceId);
  };
  await time(1000, bothSteps); // warm-up
  const hit = await time(CACHED_CALLS, () => cached.cssFor(workspaceId));
  const logosHit = await time(CACHED_CALLS, () => logos.logosOf(workspaceId));
  const added = await time(CACHED_CALLS, bothSteps);
  const uncached = createThemeCssCache(db, { ttlMs: 0, hub });
  await time(50, () => uncached.cssFor(workspaceId)); // warm-up
  const miss = await time(UNCACHED_CALLS, () => uncached.cssFor(workspaceId));
  const logosUncached = createWorkspaceLogosCache(db, { ttlMs: 0, hub });
  await time(50, () => logosUncached.logosOf(workspaceId)); // warm-up
  const logosMiss = await time(UNCACHED_CALLS, () => logosUncached.logosOf(workspaceId));

  console.log(`\n| ${'measured'.padEnd(58)} |   p50 ms |   p95 ms |   p99 ms |      n |`);
  console.log(`| ${'-'.repeat(58)} | -------: | -------: | -------: | -----: |`);
  console.log(row('signed-in page over HTTP (theme included)', pageResult.latency));
  console.log(row('theme step, cached', hit));
  console.log(row('header-logos step, cached', logosHit));
  console.log(row('both steps in a row, cached (what each page adds)', added));
  console.log(row('theme step, uncached (chain read + compile, worst case)', miss));
  console.log(row('header-logos step, uncached (assets read, worst case)', logosMiss));
  const met = added.p95 < TARGET_ADDED_P95_MS;
  console.log(
    `\n${met ? '✓' : '✗'} added p95 ${added.p95.toFixed(3)} ms (target < ${TARGET_ADDED_P95_MS} ms); ` +
      `page p95 without the branding steps ≈ ${(pageResult.latency.p95 - added.p95).toFixed(2)} ms; ` +
      `${pageResult.requestsPerSecond.toFixed(0)} pages/s; uncached p95: theme ${miss.p95.toFixed(2)} ms, ` +
      `logos ${logosMiss.p95.toFixed(2)} ms`,
  );
  const failed = pageResult.errors > 0 || pageResult.non2xx > 0;
  if (failed)
    console.error(
      `✖ page: ${JSON.stringify(pageResult.statusCounts)}, ${pageResult.errors} errors`,
    );
  return failed ? 1 : 0;
});
