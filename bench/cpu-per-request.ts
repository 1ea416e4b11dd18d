/**
 * `npm run bench:cpu`: the server's CPU time per request of each serving scenario (bare
 * node:http, the unrouted /api path, the auth guard, the workspace switch), once with one
 * connection (sequential) and once concurrently, a fixed number of requests each. CPU per
 * request (read from /proc for the server's process group) stays nearly the same when other
 * work competes for the machine, unlike requests per second, so it shows what a change to the
 * serving path saves on a busy machine. With `BENCH_CPU_PROFILE=<folder>` the app server
 * runs under `node --cpu-prof` and writes a V8 CPU profile there when it stops.
 */
import { resolve } from 'node:path';
import { buildAppIfNeeded } from './lib/build-app';
import { createBenchDatabase } from './lib/create-bench-database';
import { readCpuBenchEnv } from './lib/env';
import { runBench } from './lib/run-bench';
import { findFreePort } from './lib/free-port';
import { watchPostgresProcesses } from './lib/postgres-processes';
import { prepareSchema } from './lib/prepare-schema';
import { resultsPath } from './lib/results-path';
import { runLoad, type LoadResult, type LoadScenario, type LoadTarget } from './lib/run-load';
import {
  bareScenario,
  latencyScenarios,
  LATENCY_CONNECTIONS,
  THROUGHPUT_CONNECTIONS,
  type ScenarioInput,
} from './lib/scenarios';
import { signInDemoUser } from './lib/sign-in';
import { startAppServer } from './lib/start-app-server';
import { startBareServer } from './lib/start-bare-server';

const WARMUP_SECONDS = 2;

/** The same request pattern as `base`, with `connections` and a fixed number of requests. */
function variant(base: LoadScenario, name: string, connections: number, requests: number) {
  return {
    ...base,
    key: `${name}@${connections}`,
    connections,
    stop: { requests },
    warmupSeconds: WARMUP_SECONDS,
  };
}

function printRow(result: LoadResult) {
  const cpu = result.cpuPerRequest;
  const cells = [
    result.key.padEnd(12),
    String(Math.round(result.requestsPerSecond)).padStart(8),
    cpu.serverMs.toFixed(3).padStart(10),
    cpu.postgresMs.toFixed(3).padStart(10),
    cpu.otherMs.toFixed(3).padStart(10),
    result.latency.p95.toFixed(2).padStart(8),
  ];
  console.log(cells.join('  '));
}

runBench(async ({ settings, environment, cleanup, machine }) => {
  const { requests, profileDir } = readCpuBenchEnv();
  console.log(`• Load average at start ${machine.loadAverageAtStart} on ${machine.cpus} cores`);
  await buildAppIfNeeded(environment);
  const database = await createBenchDatabase(settings.databaseUrl, cleanup);
  const workspaces = await prepareSchema(database.url, settings.demoPassword);
  const logFile = resultsPath(new Date(), 'server.log', 'cpu-per-request');
  const server = await startAppServer({
    databaseUrl: database.url,
    port: await findFreePort(),
    environment: profileDir
      ? { ...environment, NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${resolve(profileDir)}` }
      : environment,
    logFile,
    cleanup,
  });
  const guard = await signInDemoUser(
    server.baseUrl,
    'agency-a-admin@demo.local',
    settings.demoPassword,
  );
  const superTokens: string[] = [];
  for (let i = 0; i < LATENCY_CONNECTIONS; i += 1) {
    const session = await signInDemoUser(server.baseUrl, 'super@demo.local', settings.demoPassword);
    superTokens.push(session.token);
  }
  const input: ScenarioInput = {
    guardToken: guard.token,
    superTokens,
    workspaces,
    demoEmails: [],
    password: settings.demoPassword,
    durationSeconds: 1,
    warmupSeconds: WARMUP_SECONDS,
  };
  const byName = new Map(latencyScenarios(input).map((s) => [s.key.split('@')[0] ?? '', s]));
  const pick = (name: string) => {
    const scenario = byName.get(name);
    if (!scenario) throw new Error(`no scenario ${name}`);
    return scenario;
  };
  const postgres = await watchPostgresProcesses(database.url);
  cleanup.add('close the Postgres process watcher', () => postgres.close());
  const target: LoadTarget = {
    baseUrl: server.baseUrl,
    serverPid: server.pid,
    listPostgres: postgres.list,
  };

  console.log(`• ${requests} requests per run; CPU in ms per request`);
  console.log('scenario      req/s  server CPU  postgres      other   p95 ms');
  const bare = await startBareServer(await findFreePort(), cleanup);
  const bareTarget: LoadTarget = {
    baseUrl: bare.baseUrl,
    serverPid: bare.pid,
    listPostgres: () => Promise.resolve([]),
  };
  const bareBase = bareScenario(input);
  for (const connections of [1, THROUGHPUT_CONNECTIONS]) {
    printRow(await runLoad(bareTarget, variant(bareBase, 'bare', connections, requests)));
  }
  await bare.stop();
  const runs: [string, number[]][] = [
    ['floor', [1, THROUGHPUT_CONNECTIONS]],
    ['guard', [1, THROUGHPUT_CONNECTIONS]],
    // One super session per connection: more connections would queue on session row locks.
    ['switch', [1, LATENCY_CONNECTIONS]],
  ];
  for (const [name, connectionCounts] of runs) {
    for (const connections of connectionCounts) {
      printRow(await runLoad(target, variant(pick(name), name, connections, requests)));
    }
  }
  await server.stop();
  if (profileDir) console.log(`• CPU profile of the app server written to ${profileDir}`);
  return 0;
});
