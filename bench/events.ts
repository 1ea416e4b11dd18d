/**
 * `npm run bench:events`: the event bus (issue 12 "Bench"; PRD §25.1 puts emitting at 250 ms),
 * in one run, on a fresh migrated and seeded database with the built app serving it and
 * delivering events in process (`EVENTS_DELIVERY=inline`, as `npm start`):
 * (a) `POST /api/events` through the served app at 4 connections, as a module with its
 *     installation's API key (`bench-emitter`), a fresh idempotency key per request, one stream
 *     per connection; p50/p95/p99 of every 201 (target p95 < 10 ms). The events fan out to
 *     `bench-sink`, whose webhook endpoint is a loopback receiver in this process, and are
 *     delivered while the load runs (the bench waits until none is pending before (b));
 * (b) sustained delivery end to end, twice: 10 producers (one per stream), 2,000 events each,
 *     as the emitter through the package, first one `emitEvent` per event (b1), then
 *     `emitEvents` batches of 20 (b2: one transaction per 20 events); for each, delivered
 *     events/s from the first emit to the last arrival at the receiver (target >= 2,000/s for
 *     (b2), whose batch producers keep every lane fed; (b1) is reported: its delivery keeps
 *     pace with producers that commit one event per transaction, so it measures them),
 *     each stream checked to arrive 1, 2, ..., 2000 with no gap, duplicate or reordering
 *     (PASS/FAIL), and the emit-to-arrival latency of each event
 *     (bench/lib/delivery-scenario.ts);
 * (c) the baseline: a plain INSERT loop (10 concurrent loops, one autocommitted row each step)
 *     into a table shaped like `public.events` on the same database; (b1) and (b2) as ratios of it.
 * Prints the machine's load (uptime) before and after, and the checkout's HEAD.
 * `BENCH_PARTS` runs some of the parts only (e.g. `a`); `BENCH_EVENTS_DELIVERY=off` serves
 * (a) with the app's delivery off (nothing delivered: what the request path alone costs).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createDb } from '@aiconnected/db';
import { authenticateInstallation } from '@aiconnected/events';
import { startWebhookReceiver } from '@aiconnected/events/testing';
import { newSecretKeys, parseSecretKeys } from '@aiconnected/secrets';
import { actorOf } from './lib/actor-of';
import { buildAppIfNeeded } from './lib/build-app';
import { createBenchDatabase } from './lib/create-bench-database';
import { printDeliveryRun, runDeliveryScenario } from './lib/delivery-scenario';
import { readCpuBenchEnv, readEventsBenchEnv } from './lib/env';
import { EMITTER, EVENT_NAME, EVENTS_PATH, setUpEventModules } from './lib/event-modules';
import { findFreePort } from './lib/free-port';
import { runInsertBaseline } from './lib/insert-baseline';
import { watchPostgresProcesses } from './lib/postgres-processes';
import { prepareSchema } from './lib/prepare-schema';
import { resultsPath } from './lib/results-path';
import { runBench } from './lib/run-bench';
import { runLoad } from './lib/run-load';
import { startAppServer } from './lib/start-app-server';
import { printCpuProfileSummary, summarizeCpuProfiles } from './lib/summarize-cpu-profile';

const BUSINESS = 'northwind-dental';
const CONNECTIONS = 4;
const TARGET_EMIT_P95_MS = 10;
const STREAMS = 10;
const EVENTS_PER_STREAM = 2000;
const TARGET_EVENTS_PER_SECOND = 2000;
/** Events per `emitEvents` call in (b2). */
const BATCH_SIZE = 20;
/** Lanes the app drains at once: one per stream of (b) (the default is 8). */
const DELIVERY_CONCURRENCY = STREAMS;
const DRAIN_TIMEOUT_MS = 600_000;

const ms = (value: number) => (value < 1 ? value.toFixed(3) : value.toFixed(2)).padStart(7);

/** `uptime`'s line: the load averages the run saw. */
const machineLoad = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

/** The checkout's HEAD, and whether tracked files differ from it. */
function checkoutHead(): string {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const changed = git('status', '--porcelain', '--untracked-files=no');
    const sha = git('rev-parse', '--short', 'HEAD');
    return changed === ''
      ? sha
      : `${sha} + uncommitted changes in ${changed.split('\n').length} files`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/** Polls `done` every 100 ms until it answers true; throws after `timeoutMs`. */
async function waitUntil(what: string, timeoutMs: number, done: () => Promise<boolean>) {
  const giveUpAt = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > giveUpAt) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

runBench(async ({ settings, environment, cleanup, startedAt, machine }) => {
  const loadBefore = machineLoad();
  const head = checkoutHead();
  console.log(
    `• Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryMiB} MiB, Node ${machine.node}; ` +
      `HEAD ${head}\n• uptime: ${loadBefore}`,
  );
  await buildAppIfNeeded(environment);
  const database = await createBenchDatabase(settings.databaseUrl, cleanup);
  console.log(`• Database: ${database.description}`);
  await prepareSchema(database.url, settings.demoPassword);
  const { profileDir } = readCpuBenchEnv();
  const { parts, delivery: appDelivery } = readEventsBenchEnv();
  const appProfile =
    profileDir === null
      ? null
      : path.resolve(profileDir, `events-${startedAt.toISOString().replace(/[:.]/g, '-')}-app`);
  if (appProfile !== null) mkdirSync(appProfile, { recursive: true });

  const receiver = await startWebhookReceiver();
  cleanup.add('stop the webhook receiver', () => receiver.close());
  const db = createDb(database.url, { max: STREAMS + 2 });
  cleanup.add('close the bench pool', () => db.close());
  const superActor = await actorOf(db, 'super@demo.local', 'platform', 'super_admin');
  const agencyAdmin = await actorOf(db, 'agency-a-admin@demo.local', 'northwind', 'agency_admin');
  const { workspace_id: workspaceId } = await actorOf(
    db,
    'business-a1-user@demo.local',
    BUSINESS,
    'business_user',
  );
  // The app seals and opens webhook secrets with the key set the bench issues them with.
  const secretKeys = newSecretKeys();
  const { apiKey } = await setUpEventModules({
    db,
    superActor,
    admin: agencyAdmin,
    workspaceId,
    emitterBaseUrl: receiver.baseUrl,
    sinkBaseUrl: receiver.baseUrl,
    ring: parseSecretKeys(secretKeys),
  });
  console.log(
    `• bench-emitter and bench-sink (webhooks at ${receiver.baseUrl}${EVENTS_PATH}) enabled in ${BUSINESS}`,
  );

  const logFile = resultsPath(startedAt, 'server.log', 'events');
  const server = await startAppServer({
    databaseUrl: database.url,
    port: await findFreePort(),
    environment: {
      ...environment,
      ...(appProfile === null ? {} : { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${appProfile}` }),
      SHELL_SECRET_KEYS: secretKeys,
      EVENTS_DELIVERY: appDelivery,
      EVENTS_WORKER_CONCURRENCY: String(DELIVERY_CONCURRENCY),
      // One subscriber receives every stream here: the deployment docs/events.md (Fairness) describes
      // for one busy module, so its lanes may all drain at once (the default caps a module at 2).
      EVENTS_MAX_DRAINS_PER_INSTALLATION: String(DELIVERY_CONCURRENCY),
      // The emit budget is a guard against runaway modules, not what is measured here.
      EVENTS_EMIT_MODULE_PER_MINUTE: '10000000',
    },
    logFile,
    cleanup,
  });
  console.log(
    `• Serving ${server.baseUrl}, ` +
      (appDelivery === 'inline'
        ? `delivering inline, ${DELIVERY_CONCURRENCY} lanes at once`
        : 'delivery off (nothing delivered)') +
      `, parts ${[...parts].join('')} (output in ${logFile})`,
  );
  const postgres = await watchPostgresProcesses(database.url);
  cleanup.add('close the Postgres process watcher', () => postgres.close());
  const countDeliveries = async (state: string) => {
    const { rows } = await db.pool.query<{ n: number }>(
      'select count(*)::int as n from public.event_deliveries where state = $1',
      [state],
    );
    return rows[0]?.n ?? 0;
  };
  const eventsArrived = (from: number) =>
    receiver.received.slice(from).filter((webhook) => webhook.path === EVENTS_PATH);

  // (a) POST /api/events at 4 connections, each connection on its own stream.
  let emitted = 0;
  const emitHeaders = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
  const emitBody = (connection: number) =>
    JSON.stringify({
      event_name: EVENT_NAME,
      payload: { n: emitted },
      idempotency_key: `a-${connection}-${(emitted += 1)}`,
      stream: `a-${connection}`,
    });
  const probe = await fetch(`${server.baseUrl}/api/events`, {
    method: 'POST',
    headers: emitHeaders,
    body: emitBody(CONNECTIONS),
  });
  if (probe.status !== 201) {
    throw new Error(`POST /api/events answered ${probe.status}: ${await probe.text()}`);
  }
  console.log(`• POST /api/events as ${EMITTER}: 201 ${await probe.text()}`);
  const runEmitLoad = async () => {
    const arrivalsBeforeA = receiver.received.length;
    console.log(
      `• (a) emit@${CONNECTIONS}: ${settings.warmupSeconds} s warm-up, ${settings.durationSeconds} s measured`,
    );
    const load = await runLoad(
      { baseUrl: server.baseUrl, serverPid: server.pid, listPostgres: postgres.list },
      {
        key: `emit@${CONNECTIONS}`,
        label: `POST /api/events (module API key, ${EVENT_NAME})`,
        connections: CONNECTIONS,
        requestsFor: (connection) => [
          {
            method: 'POST',
            path: '/api/events',
            headers: emitHeaders,
            setupRequest: (request) => ({ ...request, body: emitBody(connection) }),
          },
        ],
        stop: { seconds: settings.durationSeconds },
        warmupSeconds: settings.warmupSeconds,
      },
    );
    if (appDelivery === 'off') {
      console.log(`  ${load.latency.count} answered 2xx; delivery off, nothing delivered`);
      return load;
    }
    const drainStarted = performance.now();
    await waitUntil('the deliveries of (a)', DRAIN_TIMEOUT_MS, async () => {
      return (await countDeliveries('pending')) === 0;
    });
    const aDrainSeconds = (performance.now() - drainStarted) / 1000;
    const aDelivered = eventsArrived(arrivalsBeforeA).length;
    console.log(
      `  ${load.latency.count} answered 2xx; all ${aDelivered} deliveries of the load done ` +
        `${aDrainSeconds.toFixed(1)} s after it ended`,
    );
    return load;
  };
  const emitLoad = parts.has('a') ? await runEmitLoad() : null;

  // (b) Sustained delivery: 10 producers emitting through the package, one stream each; one
  // event per call (b1), then batches of BATCH_SIZE in one transaction each (b2).
  const principal = await authenticateInstallation(db, apiKey);
  if (principal === null) throw new Error(`${EMITTER}'s API key does not authenticate`);
  const total = STREAMS * EVENTS_PER_STREAM;
  const delivery = (streamPrefix: string, batchSize: number) => {
    console.log(
      `• (${streamPrefix}) ${total} events over ${STREAMS} streams by ${STREAMS} concurrent producers ` +
        (batchSize === 1 ? '(emitEvent)' : `(emitEvents, ${batchSize} per call)`),
    );
    return runDeliveryScenario({
      db,
      receiver,
      eventsPath: EVENTS_PATH,
      principal,
      workspaceId,
      eventName: EVENT_NAME,
      streamPrefix,
      streams: STREAMS,
      eventsPerStream: EVENTS_PER_STREAM,
      batchSize,
      serverPid: server.pid,
      listPostgres: postgres.list,
      waitUntil: (what, done) => waitUntil(what, DRAIN_TIMEOUT_MS, done),
    });
  };
  const single = parts.has('b') ? await delivery('b1', 1) : null;
  const batched = parts.has('b') ? await delivery('b2', BATCH_SIZE) : null;

  // (c) The baseline: the same concurrency inserting plain rows.
  let baseline: Awaited<ReturnType<typeof runInsertBaseline>> | null = null;
  if (parts.has('c')) {
    console.log(`• (c) plain INSERT loop: ${STREAMS} loops × ${EVENTS_PER_STREAM} rows`);
    baseline = await runInsertBaseline(db, workspaceId, STREAMS, EVENTS_PER_STREAM);
  }
  const loadAfter = machineLoad();
  await server.stop();

  if (emitLoad !== null) {
    const { latency } = emitLoad;
    console.log(`\n| measured | conns | p50 ms  | p95 ms  | p99 ms  |  req/s | non-2xx |`);
    console.log(`| -------- | ----: | ------: | ------: | ------: | -----: | ------: |`);
    console.log(
      `| ${emitLoad.key.padEnd(8)} | ${String(CONNECTIONS).padStart(5)} | ${ms(latency.p50)} | ` +
        `${ms(latency.p95)} | ${ms(latency.p99)} | ${emitLoad.requestsPerSecond.toFixed(0).padStart(6)} | ` +
        `${String(emitLoad.non2xx + emitLoad.errors).padStart(7)} |`,
    );
    const perRequest = emitLoad.cpuPerRequest;
    console.log(
      `  CPU per request (ms): app ${perRequest.serverMs.toFixed(3)}, Postgres ${perRequest.postgresMs.toFixed(3)}, ` +
        `bench ${perRequest.loadGeneratorMs.toFixed(3)}, other ${perRequest.otherMs.toFixed(3)}`,
    );
  }
  if (single !== null) printDeliveryRun('(b1) one event per emitEvent:', single);
  if (batched !== null) printDeliveryRun(`(b2) emitEvents, ${BATCH_SIZE} per call:`, batched);
  const ratio =
    single !== null && baseline !== null ? single.eventsPerSecond / baseline.perSecond : null;
  const batchedRatio =
    batched !== null && baseline !== null ? batched.eventsPerSecond / baseline.perSecond : null;
  if (baseline !== null) {
    console.log(
      `\n(c) plain INSERT loop: ${baseline.steps} rows in ${baseline.seconds.toFixed(2)} s = ` +
        `${baseline.perSecond.toFixed(0)} rows/s` +
        (ratio !== null && batchedRatio !== null
          ? `; delivered events/s are ${(ratio * 100).toFixed(1)}% of it ` +
            `(ratio ${ratio.toFixed(3)}) one by one, ${(batchedRatio * 100).toFixed(1)}% (ratio ${batchedRatio.toFixed(3)}) in batches`
          : ''),
    );
  }
  if (appProfile !== null) {
    printCpuProfileSummary(
      `App server profile (whole run), ${appProfile}`,
      summarizeCpuProfiles(appProfile),
    );
  }
  const targets = [
    ...(emitLoad === null
      ? []
      : [
          {
            target: `POST /api/events p95 < ${TARGET_EMIT_P95_MS} ms at ${CONNECTIONS} connections (PRD: 250 ms)`,
            measured: `${emitLoad.latency.p95.toFixed(2)} ms`,
            met: emitLoad.latency.p95 < TARGET_EMIT_P95_MS,
          },
        ]),
    // The delivery target is the delivery's sustained rate: measured with producers
    // that emit in batches (b2), which keep every lane fed. (b1) is reported: there delivery
    // keeps pace with producers that commit one event per transaction, so it measures them.
    ...(batched === null
      ? []
      : [
          {
            target: `sustained delivery >= ${TARGET_EVENTS_PER_SECOND} events/s end to end, ordering kept (b2: producers emitting batches of ${BATCH_SIZE})`,
            measured: `${batched.eventsPerSecond.toFixed(0)} events/s, ordering ${batched.order.pass ? 'kept' : 'BROKEN'}`,
            met: batched.eventsPerSecond >= TARGET_EVENTS_PER_SECOND && batched.order.pass,
          },
        ]),
  ];
  console.log(`\nuptime after: ${loadAfter}`);
  for (const outcome of targets) {
    console.log(`${outcome.met ? '✓ PASS' : '✗ FAIL'} ${outcome.target}: ${outcome.measured}`);
  }
  if (single !== null) {
    console.log(
      `• reported: (b1) one event per emit, one transaction each: ${single.eventsPerSecond.toFixed(0)} events/s ` +
        `delivered, ordering ${single.order.pass ? 'kept' : 'BROKEN'}; the last event arrived ` +
        `${single.tailSeconds.toFixed(2)} s after the last emit (` +
        (single.tailSeconds < 1
          ? 'delivery kept pace with the producers)'
          : 'delivery fell behind the producers)'),
    );
  }
  const file = resultsPath(startedAt, 'json', 'events');
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        startedAt,
        head,
        machine,
        uptime: { before: loadBefore, after: loadAfter },
        database: database.description,
        parts: [...parts].join(''),
        appDelivery,
        emit: emitLoad,
        delivery: {
          streams: STREAMS,
          producers: STREAMS,
          concurrency: DELIVERY_CONCURRENCY,
          single,
          batched,
        },
        baseline,
        ratio,
        batchedRatio,
        targets,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`• Results: ${file}`);
  const emitFailed = emitLoad !== null && (emitLoad.errors > 0 || emitLoad.non2xx > 0);
  const orderBroken = [single, batched].some((run) => run !== null && !run.order.pass);
  return emitFailed || orderBroken ? 1 : 0;
});
