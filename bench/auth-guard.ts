/**
 * `npm run bench:auth`: the identity speed targets on this machine, server and load
 * generator together. Measures a bare node:http server first (the machine's floor), then
 * builds the app if its sources changed, serves it (apps/platform/scripts/serve.ts, pages and
 * API on one port) on a fresh migrated and seeded database, measures health / unrouted API /
 * auth guard / workspace switch / sign-in with autocannon, prints the table and the targets, profiles the guard's database
 * work, and writes the JSON results. Exits non-zero only when requests fail outright; a
 * missed target is reported, not fatal.
 */
import { buildAppIfNeeded } from './lib/build-app';
import { countRequestWork } from './lib/count-request-work';
import { createBenchDatabase } from './lib/create-bench-database';
import { listDemoEmails } from './lib/demo-emails';
import { runBench } from './lib/run-bench';
import { evaluateTargets } from './lib/evaluate-targets';
import { findFreePort } from './lib/free-port';
import { prepareSchema } from './lib/prepare-schema';
import { printProfile } from './lib/print-profile';
import { printReport } from './lib/print-report';
import { resultsPath } from './lib/results-path';
import { watchPostgresProcesses } from './lib/postgres-processes';
import { runLoad, type LoadResult, type LoadScenario, type LoadTarget } from './lib/run-load';
import {
  bareScenario,
  latencyScenarios,
  LATENCY_CONNECTIONS,
  signInScenario,
  throughputScenarios,
  type ScenarioInput,
} from './lib/scenarios';
import { signInDemoUser } from './lib/sign-in';
import { startAppServer } from './lib/start-app-server';
import { startBareServer } from './lib/start-bare-server';
import { timeGuardTransaction } from './lib/time-guard-transaction';
import { writeResults } from './lib/write-results';

const GUARD_USER = 'agency-a-admin@demo.local';
const SWITCH_USER = 'super@demo.local';

/** Requests that got no response, or a refusal where none is expected (sign-in's 429s are). */
function failuresOf(result: LoadResult): string[] {
  const unexpected = Object.entries(result.statusCounts).filter(
    ([code]) =>
      !code.startsWith('2') &&
      code !== String(result.expectedStatus) &&
      !(result.key.startsWith('sign-in') && code === '429'),
  );
  const problems = unexpected.map(
    ([code, count]) => `${result.key}: ${count} responses with status ${code}`,
  );
  if (result.errors > 0)
    problems.push(`${result.key}: ${result.errors} requests errored or timed out`);
  return problems;
}

async function measure(target: LoadTarget, scenario: LoadScenario): Promise<LoadResult> {
  const how =
    'seconds' in scenario.stop
      ? `${scenario.stop.seconds} s`
      : `${scenario.stop.requests} requests`;
  console.log(`• ${scenario.key}: ${scenario.label}, ${scenario.connections} conns, ${how}`);
  return runLoad(target, scenario);
}

runBench(async ({ settings, environment, cleanup, startedAt, machine }) => {
  await buildAppIfNeeded(environment);
  const database = await createBenchDatabase(settings.databaseUrl, cleanup);
  console.log(`• Database: ${database.description}`);
  const workspaces = await prepareSchema(database.url, settings.demoPassword);
  const logFile = resultsPath(startedAt, 'server.log');
  const server = await startAppServer({
    databaseUrl: database.url,
    port: await findFreePort(),
    environment,
    logFile,
    cleanup,
  });
  console.log(
    `• Serving ${server.baseUrl} (scripts/serve.ts, LOG_LEVEL=warn, output in ${logFile})`,
  );

  const guardSession = await signInDemoUser(server.baseUrl, GUARD_USER, settings.demoPassword);
  const superSessions = [];
  for (let i = 0; i < LATENCY_CONNECTIONS; i += 1) {
    superSessions.push(await signInDemoUser(server.baseUrl, SWITCH_USER, settings.demoPassword));
  }
  const superTokens = superSessions.map((session) => session.token);
  const input: ScenarioInput = {
    guardToken: guardSession.token,
    superTokens,
    workspaces,
    demoEmails: listDemoEmails(),
    password: settings.demoPassword,
    durationSeconds: settings.durationSeconds,
    warmupSeconds: settings.warmupSeconds,
  };

  const postgres = await watchPostgresProcesses(database.url);
  cleanup.add('close the Postgres process watcher', () => postgres.close());
  const target: LoadTarget = {
    baseUrl: server.baseUrl,
    serverPid: server.pid,
    listPostgres: postgres.list,
  };
  const results: LoadResult[] = [];
  // The floor first, alone on the machine: a bare node:http server in a process of its own.
  const bare = await startBareServer(await findFreePort(), cleanup);
  const bareTarget: LoadTarget = {
    baseUrl: bare.baseUrl,
    serverPid: bare.pid,
    listPostgres: () => Promise.resolve([]),
  };
  results.push(await measure(bareTarget, bareScenario(input)));
  await bare.stop();
  // Sign-in last: it spends what is left of this address's sign-in allowance.
  for (const scenario of [
    ...latencyScenarios(input),
    ...throughputScenarios(input),
    signInScenario(input),
  ]) {
    results.push(await measure(target, scenario));
  }
  await server.stop();

  console.log('• Profiling: database work per request, and the guard transaction without HTTP');
  const requestWork = await countRequestWork({
    databaseUrl: database.url,
    port: await findFreePort(),
    environment,
    logFile,
    cleanup,
    guardToken: guardSession.token,
    superToken: superTokens[0] ?? '',
    switchTargets: [workspaces.northwind, workspaces.contoso],
  });
  const guardTransaction = await timeGuardTransaction(database.url, guardSession.token, {
    workers: LATENCY_CONNECTIONS,
    seconds: Math.min(settings.durationSeconds, 5),
  });

  const targets = evaluateTargets(new Map(results.map((result) => [result.key, result])));
  printReport(results, targets);
  printProfile(requestWork, guardTransaction, results);
  const { busy: _busy, ...machineRecord } = machine;
  const file = writeResults({
    startedAt,
    machine: machineRecord,
    database: database.description,
    settings: {
      durationSeconds: settings.durationSeconds,
      warmupSeconds: settings.warmupSeconds,
    },
    results,
    targets,
    requestWork,
    guardTransaction,
  });
  console.log(`\n• Results written to ${file}`);

  const failures = results.flatMap(failuresOf);
  for (const failure of failures) console.error(`✖ ${failure}`);
  return failures.length > 0 ? 1 : 0;
});
