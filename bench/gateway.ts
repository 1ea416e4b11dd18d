/**
 * `npm run bench:gateway`: the module API gateway end to end (issue 11 "Bench"; PRD §25.1 puts
 * its overhead at 150 ms, ours: p95 < 3 ms more than calling the module directly at 4
 * connections, and at 50 connections >= 50% of the direct req/s). On a fresh migrated and
 * seeded database, with the built app, it starts the `hello` example module on a free port
 * (its JWKS at the app), registers hello (super, `importModule`), installs and enables it in
 * Northwind Dental (the agency admin), starts the app with signing keys the bench made
 * (`GATEWAY_SIGNING_KEYS`), signs in as Dental's business user and, in one run, measures:
 * - direct: `GET <hello>/greeting` with an `x-shell-claims` JWT the bench mints with the app's
 *   key (`mintGatewayClaims`, the gateway's own function, the same claims the gateway sends),
 *   so hello verifies the same signature either way (its verifier keeps no replay cache: one
 *   token serves many requests; it is re-minted every 20 s, the claims live 60 s);
 * - through the gateway: `GET /api/gateway/hello/greeting` with the business user's Bearer
 *   session (guard from the session cache, the module snapshot cache, claims signed, forwarded);
 * each at 4 and at 50 connections, then a sample of the gateway's own `Server-Timing` split.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createDb } from '@aiconnected/db';
import { mintGatewayClaims, newSigningKey, parseSigningKeys } from '@aiconnected/gateway';
import { enableModule, installModule } from '@aiconnected/modules';
import { registerTestModule } from '@aiconnected/modules/testing';
import type { ShellClaims } from '@aiconnected/sdk-contracts';
import { actorOf } from './lib/actor-of';
import { buildAppIfNeeded } from './lib/build-app';
import { createBenchDatabase } from './lib/create-bench-database';
import { readCpuBenchEnv } from './lib/env';
import { findFreePort } from './lib/free-port';
import { watchPostgresProcesses } from './lib/postgres-processes';
import { prepareSchema } from './lib/prepare-schema';
import { resultsPath } from './lib/results-path';
import { runBench } from './lib/run-bench';
import { runLoad, type LoadResult, type LoadScenario, type LoadTarget } from './lib/run-load';
import { sampleServerTiming } from './lib/sample-server-timing';
import { signInDemoUser } from './lib/sign-in';
import { startAppServer } from './lib/start-app-server';
import { startHelloModule } from './lib/start-hello-module';
import { printCpuProfileSummary, summarizeCpuProfiles } from './lib/summarize-cpu-profile';

const BUSINESS = 'northwind-dental';
const MEMBER = 'business-a1-user@demo.local';
const TARGET_P95_OVERHEAD_MS = 3;
const TARGET_THROUGHPUT_RATIO = 0.5;
const SERVER_TIMING_SAMPLES = 2000;
/** The direct path's claims are re-minted this often; they live 60 s (+10 s tolerance). */
const REMINT_MS = 20_000;
const MAX_DURATION_SECONDS = 45;

const ms = (value: number) => (value < 1 ? value.toFixed(3) : value.toFixed(2)).padStart(7);

runBench(async ({ settings, environment, cleanup, startedAt, machine }) => {
  if (settings.durationSeconds > MAX_DURATION_SECONDS) {
    throw new Error(
      `BENCH_DURATION is at most ${MAX_DURATION_SECONDS} s here: the direct path's claims live 60 s`,
    );
  }
  console.log(
    `• Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryMiB} MiB, Linux ${machine.kernel}, ` +
      `Node ${machine.node}, load average ${machine.loadAverageAtStart} at start`,
  );
  await buildAppIfNeeded(environment);
  const database = await createBenchDatabase(settings.databaseUrl, cleanup);
  console.log(`• Database: ${database.description}`);
  await prepareSchema(database.url, settings.demoPassword);
  // BENCH_CPU_PROFILE=<folder>: app and hello run under node --cpu-prof, summarized at the end.
  const { profileDir } = readCpuBenchEnv();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const profileOf = (name: string) => {
    if (profileDir === null) return null;
    const dir = path.resolve(profileDir, `gateway-${stamp}-${name}`);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  const profiled = (dir: string | null) =>
    dir === null
      ? environment
      : { ...environment, NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir}` };
  const [appProfile, helloProfile] = [profileOf('app'), profileOf('hello')];

  const appPort = await findFreePort();
  const appUrl = `http://127.0.0.1:${appPort}`;
  const hello = await startHelloModule({
    port: await findFreePort(),
    environment: profiled(helloProfile),
    shellOrigin: appUrl,
    logFile: resultsPath(startedAt, 'hello.log', 'gateway'),
    cleanup,
  });
  console.log(`• hello module on ${hello.baseUrl} (JWKS from ${appUrl})`);

  const db = createDb(database.url, { max: 2 });
  cleanup.add('close the bench pool', () => db.close());
  const superActor = await actorOf(db, 'super@demo.local', 'platform', 'super_admin');
  const agencyAdmin = await actorOf(db, 'agency-a-admin@demo.local', 'northwind', 'agency_admin');
  const member = await actorOf(db, MEMBER, BUSINESS, 'business_user');
  await registerTestModule(db, superActor, hello.manifest);
  const transition = { actor: agencyAdmin, workspaceId: member.workspace_id, moduleKey: 'hello' };
  await installModule(db, { ...transition, correlationId: 'bench-install-hello' });
  await enableModule(db, { ...transition, correlationId: 'bench-enable-hello' });
  console.log(`• hello registered, installed and enabled in ${BUSINESS}`);

  // The app signs with keys the bench holds, so it can mint the direct path's claims.
  const keys = JSON.stringify({ keys: [newSigningKey()] });
  const ring = parseSigningKeys(keys);
  const logFile = resultsPath(startedAt, 'server.log', 'gateway');
  const server = await startAppServer({
    databaseUrl: database.url,
    port: appPort,
    environment: {
      ...profiled(appProfile),
      GATEWAY_SIGNING_KEYS: keys,
      // The claims' issuer, which hello checks against its SHELL_ORIGIN.
      PLATFORM_PUBLIC_BASE_URL: appUrl,
    },
    logFile,
    cleanup,
  });
  console.log(`• Serving ${server.baseUrl} (output in ${logFile})`);
  const session = await signInDemoUser(server.baseUrl, MEMBER, settings.demoPassword);
  if (session.defaultWorkspaceId !== member.workspace_id) {
    throw new Error(`${MEMBER}'s session is not in ${BUSINESS}`);
  }
  const bearer = { authorization: `Bearer ${session.token}` };
  const gatewayPath = '/api/gateway/hello/greeting';

  // The claims the gateway forwards (hello's echo shows them), to mint the same for /greeting.
  const echo = await fetch(`${server.baseUrl}/api/gateway/hello/echo`, { headers: bearer });
  const echoed = (await echo.json()) as { headers?: Record<string, string> };
  const forwarded = echoed.headers?.['x-shell-claims'];
  if (echo.status !== 200 || forwarded === undefined) {
    throw new Error(`GET /api/gateway/hello/echo: ${echo.status}, no x-shell-claims`);
  }
  const sent = JSON.parse(
    Buffer.from(forwarded.split('.')[1] ?? '', 'base64url').toString('utf8'),
  ) as ShellClaims;
  const mintDirect = () =>
    mintGatewayClaims(ring, {
      context: {
        user_id: sent.sub,
        session_id: member.session_id,
        workspace_id: sent.wid,
        role_template: member.role_template,
        permissions: [],
        impersonation: sent.imp,
      },
      moduleKey: 'hello',
      version: sent.ver,
      permissions: sent.perms,
      method: 'GET',
      path: '/greeting',
      correlationId: 'bench-direct',
      issuer: sent.iss,
    });
  let directClaims = await mintDirect();
  const remint = setInterval(() => {
    void mintDirect().then((token) => (directClaims = token));
  }, REMINT_MS);
  cleanup.add('stop re-minting the direct claims', () => clearInterval(remint));

  // Both paths answer the same greeting before they are timed.
  const viaGateway = await fetch(`${server.baseUrl}${gatewayPath}`, { headers: bearer });
  const gatewayBody = await viaGateway.text();
  const direct = await fetch(`${hello.baseUrl}/greeting`, {
    headers: { 'x-shell-claims': directClaims },
  });
  const directBody = await direct.text();
  if (viaGateway.status !== 200 || direct.status !== 200 || gatewayBody !== directBody) {
    throw new Error(
      `the two paths differ: gateway ${viaGateway.status} ${gatewayBody}, direct ${direct.status} ${directBody}`,
    );
  }
  console.log(`• Both paths answer 200 ${gatewayBody}`);

  const postgres = await watchPostgresProcesses(database.url);
  cleanup.add('close the Postgres process watcher', () => postgres.close());
  const directTarget: LoadTarget = {
    baseUrl: hello.baseUrl,
    serverPid: hello.pid,
    listPostgres: postgres.list,
  };
  const gatewayTarget: LoadTarget = {
    baseUrl: server.baseUrl,
    serverPid: server.pid,
    targetPid: hello.pid,
    listPostgres: postgres.list,
  };
  const scenario = (path: 'direct' | 'gateway', connections: number): LoadScenario => ({
    key: `${path}@${connections}`,
    label:
      path === 'direct'
        ? 'GET <hello>/greeting (direct, x-shell-claims)'
        : `GET ${gatewayPath} (Bearer session)`,
    connections,
    requestsFor: () =>
      path === 'direct'
        ? [{ method: 'GET', path: '/greeting', headers: { 'x-shell-claims': directClaims } }]
        : [{ method: 'GET', path: gatewayPath, headers: bearer }],
    stop: { seconds: settings.durationSeconds },
    warmupSeconds: settings.warmupSeconds,
  });
  const results = new Map<string, LoadResult>();
  for (const connections of [4, 50]) {
    for (const path of ['direct', 'gateway'] as const) {
      const each = scenario(path, connections);
      console.log(`• ${each.key}: ${each.label}, ${settings.durationSeconds} s`);
      const target = path === 'direct' ? directTarget : gatewayTarget;
      results.set(each.key, await runLoad(target, each));
    }
  }
  console.log(`• Server-Timing of ${SERVER_TIMING_SAMPLES} gateway requests, 4 at a time`);
  const timing = await sampleServerTiming(`${server.baseUrl}${gatewayPath}`, bearer, {
    requests: SERVER_TIMING_SAMPLES,
    concurrency: 4,
  });
  await server.stop();
  await hello.stop();

  const need = (key: string) => {
    const result = results.get(key);
    if (!result) throw new Error(`no result for ${key}`);
    return result;
  };
  const [direct4, gateway4, direct50, gateway50] = [
    need('direct@4'),
    need('gateway@4'),
    need('direct@50'),
    need('gateway@50'),
  ];
  console.log(
    `\n| ${'measured'.padEnd(11)} | conns | p50 ms  | p95 ms  | p99 ms  |  req/s | non-2xx |`,
  );
  console.log(`| ${'-'.repeat(11)} | ----: | ------: | ------: | ------: | -----: | ------: |`);
  for (const result of results.values()) {
    const { latency } = result;
    console.log(
      `| ${result.key.padEnd(11)} | ${String(result.connections).padStart(5)} | ${ms(latency.p50)} | ` +
        `${ms(latency.p95)} | ${ms(latency.p99)} | ${result.requestsPerSecond.toFixed(0).padStart(6)} | ` +
        `${String(result.non2xx + result.errors).padStart(7)} |`,
    );
  }
  const overhead = gateway4.latency.p95 - direct4.latency.p95;
  const share =
    direct50.requestsPerSecond > 0 ? gateway50.requestsPerSecond / direct50.requestsPerSecond : 0;
  console.log(
    `\nAt 4 connections the gateway adds p50 ${(gateway4.latency.p50 - direct4.latency.p50).toFixed(2)} ms, ` +
      `p95 ${overhead.toFixed(2)} ms, p99 ${(gateway4.latency.p99 - direct4.latency.p99).toFixed(2)} ms; ` +
      `p95 ratio ${(gateway4.latency.p95 / direct4.latency.p95).toFixed(2)}.`,
  );
  console.log(
    `At 50 connections it serves ${gateway50.requestsPerSecond.toFixed(0)} of ${direct50.requestsPerSecond.toFixed(0)} req/s: ` +
      `ratio ${share.toFixed(2)}.`,
  );
  console.log(
    `\nServer-Timing (the gateway's own split, ${timing.count} requests): gateway p50 ${timing.gateway.p50.toFixed(3)} ms, ` +
      `p95 ${timing.gateway.p95.toFixed(3)} ms; target p50 ${timing.target.p50.toFixed(3)} ms, ` +
      `p95 ${timing.target.p95.toFixed(3)} ms; whole request as the client saw it p50 ${timing.client.p50.toFixed(3)} ms, ` +
      `p95 ${timing.client.p95.toFixed(3)} ms`,
  );
  if (timing.firstRefusal !== null) {
    console.log(`  refused: ${JSON.stringify(timing.refused)}, the first: ${timing.firstRefusal}`);
  }
  console.log('\nCPU per request (ms):');
  for (const result of results.values()) {
    const cpu = result.cpuPerRequest;
    const serving = result.key.startsWith('direct') ? 'hello' : 'app';
    console.log(
      `  ${result.key.padEnd(11)} ${serving} ${cpu.serverMs.toFixed(3)}` +
        `${cpu.targetMs === undefined ? '' : `, hello ${cpu.targetMs.toFixed(3)}`}` +
        `, Postgres ${cpu.postgresMs.toFixed(3)}, load generator ${cpu.loadGeneratorMs.toFixed(3)}, ` +
        `other ${cpu.otherMs.toFixed(3)}`,
    );
  }
  for (const [label, dir] of [
    ['App server profile (whole run: start, warm-ups, both loads, the sample)', appProfile],
    ['hello profile (whole run)', helloProfile],
  ] as const) {
    if (dir !== null) printCpuProfileSummary(`${label}, ${dir}`, summarizeCpuProfiles(dir));
  }
  const targets = [
    {
      target: `p95 overhead < ${TARGET_P95_OVERHEAD_MS} ms at 4 connections (PRD §25.1: 150 ms)`,
      measured: `${overhead.toFixed(2)} ms (${gateway4.latency.p95.toFixed(2)} - ${direct4.latency.p95.toFixed(2)})`,
      met: overhead < TARGET_P95_OVERHEAD_MS,
    },
    {
      target: `req/s at 50 connections >= ${TARGET_THROUGHPUT_RATIO * 100}% of direct`,
      measured: `${(share * 100).toFixed(0)}% (${gateway50.requestsPerSecond.toFixed(0)} vs ${direct50.requestsPerSecond.toFixed(0)})`,
      met: share >= TARGET_THROUGHPUT_RATIO,
    },
  ];
  console.log('');
  for (const outcome of targets) {
    console.log(`${outcome.met ? '✓ PASS' : '✗ FAIL'} ${outcome.target}: ${outcome.measured}`);
  }
  const file = resultsPath(startedAt, 'json', 'gateway');
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
        results: [...results.values()],
        serverTiming: timing,
        targets,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`• Results: ${file}`);
  const failed = [...results.values()].filter((result) => result.errors > 0 || result.non2xx > 0);
  if (timing.firstRefusal !== null) console.error('✖ the Server-Timing sample had refusals');
  for (const result of failed) {
    console.error(
      `✖ ${result.key}: ${JSON.stringify(result.statusCounts)}, ${result.errors} errors`,
    );
  }
  return failed.length > 0 || timing.firstRefusal !== null ? 1 : 0;
});
