/**
 * `npm run bench:sign-in`: a workspace's branded sign-in page against the platform's own, in
 * the same run (issue 9, "a custom-domain sign-in page is served within 10% of the platform
 * sign-in page's req/s in the same run"). Serves the built app on a fresh migrated and seeded
 * database, saves a baseline login profile (super) and an agency's (Northwind), gives the
 * agency a verified custom domain, then loads `GET /sign-in` with three `Host`s in turn:
 * 1. the platform host (`localhost:<port>`): the super baseline;
 * 2. the agency's platform host (`northwind.localhost:<port>`);
 * 3. its verified custom domain (`login.northwind.example`, routed by `Host` alone).
 * Two rounds of the three, reported from the second. Each page is server-rendered with its branding (host -> workspace and workspace -> branding
 * from the process's caches); the target is req/s of 2 and 3 each at least 90% of 1's.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import pg from 'pg';
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

const TARGET_RATIO = 0.9;
const HEADLINE = 'Welcome to Northwind';
const CUSTOM_HOST = 'login.northwind.example';

/** Saves `profile` as the login screen of the session's active workspace. */
async function saveLoginScreen(
  baseUrl: string,
  token: string,
  workspaceId: string,
  profile: unknown,
): Promise<void> {
  const response = await fetch(`${baseUrl}/api/branding/login-screen`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ workspace_id: workspaceId, branding_profile: profile }),
  });
  if (response.status !== 200) {
    throw new Error(
      `PUT /api/branding/login-screen answered ${response.status}: ${await response.text()}`,
    );
  }
}

/** The agency's custom domain, verified (as the DNS check would leave it). */
async function addVerifiedDomain(databaseUrl: string, workspaceId: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `insert into public.workspace_domains (workspace_id, host, status, verification_token, verified_at)
       values ($1, $2, 'verified', $3, now())`,
      [workspaceId, CUSTOM_HOST, randomBytes(16).toString('hex')],
    );
  } finally {
    await client.end();
  }
}

/** The body of `GET /sign-in` for `host` (node:http: fetch does not let a request name its Host). */
function signInPage(baseUrl: string, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port: new URL(baseUrl).port, path: '/sign-in', headers: { host } },
      (incoming) => {
        let body = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk: string) => (body += chunk));
        incoming.on('end', () =>
          incoming.statusCode === 200
            ? resolve(body)
            : reject(new Error(`GET /sign-in on ${host}: ${String(incoming.statusCode)}`)),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

const fmt = (value: number) => (value < 1 ? value.toFixed(3) : value.toFixed(2)).padStart(8);
const row = (label: string, result: LoadResult, ratio: string) =>
  `| ${label.padEnd(44)} | ${result.requestsPerSecond.toFixed(0).padStart(6)} | ${ratio.padStart(6)} | ${fmt(result.latency.p50)} | ${fmt(result.latency.p95)} | ${fmt(result.latency.p99)} |`;

runBench(async ({ settings, environment, cleanup, startedAt }) => {
  await buildAppIfNeeded(environment);
  const database = await createBenchDatabase(settings.databaseUrl, cleanup);
  console.log(`• Database: ${database.description}`);
  await prepareSchema(database.url, settings.demoPassword);
  const logFile = resultsPath(startedAt, 'server.log', 'sign-in');
  const port = await findFreePort();
  const server = await startAppServer({
    databaseUrl: database.url,
    port,
    environment,
    logFile,
    cleanup,
  });
  console.log(`• Serving ${server.baseUrl} (output in ${logFile})`);

  const password = settings.demoPassword;
  const superSession = await signInDemoUser(server.baseUrl, 'super@demo.local', password);
  const agency = await signInDemoUser(server.baseUrl, 'agency-a-admin@demo.local', password);
  if (superSession.defaultWorkspaceId === null || agency.defaultWorkspaceId === null) {
    throw new Error('a demo admin has no default workspace');
  }
  await saveLoginScreen(server.baseUrl, superSession.token, superSession.defaultWorkspaceId, {
    colors: { primary: '#334155' },
    copy: { headline: 'Sign in to aiConnected', footer: 'aiConnected Core Shell' },
  });
  await saveLoginScreen(server.baseUrl, agency.token, agency.defaultWorkspaceId, {
    colors: { primary: '#0f766e', secondary: '#1e293b' },
    typography: { heading_font: 'Playfair Display', body_font: 'Inter' },
    copy: { headline: HEADLINE, subheadline: 'Your Northwind workspace' },
    support_link: { text: 'Email support', url: 'mailto:help@northwind.example' },
  });
  await addVerifiedDomain(database.url, agency.defaultWorkspaceId);
  console.log('• Saved a baseline and a Northwind login profile; login.northwind.example verified');

  const hosts = [
    { key: 'platform', label: 'platform host (super baseline)', host: `localhost:${port}` },
    {
      key: 'workspace-host',
      label: 'agency platform host (northwind.localhost)',
      host: `northwind.localhost:${port}`,
    },
    { key: 'custom-domain', label: `agency custom domain (${CUSTOM_HOST})`, host: CUSTOM_HOST },
  ] as const;
  for (const { key, host } of hosts) {
    const body = await signInPage(server.baseUrl, host);
    const branded = body.includes(HEADLINE);
    if (branded !== (key !== 'platform')) {
      throw new Error(`GET /sign-in on ${host} ${branded ? 'shows' : 'lacks'} the agency headline`);
    }
  }
  console.log('• Each host shows its own branding');

  const postgres = await watchPostgresProcesses(database.url);
  cleanup.add('close the Postgres process watcher', () => postgres.close());
  // Two rounds, reported from the second: the first warms the JIT and the caches for all three,
  // so the order of the scenarios does not decide the ratio.
  let results: LoadResult[] = [];
  for (const round of [1, 2]) {
    results = [];
    for (const { key, label, host } of hosts) {
      const scenario: LoadScenario = {
        key: `sign-in-${key}@1`,
        label: `GET /sign-in, ${label}`,
        connections: 1,
        requestsFor: () => [{ method: 'GET', path: '/sign-in', headers: { host } }],
        stop: { seconds: settings.durationSeconds },
        warmupSeconds: settings.warmupSeconds,
      };
      console.log(
        `• round ${round}, ${scenario.key}: ${scenario.label}, 1 conn, ${settings.durationSeconds} s`,
      );
      results.push(
        await runLoad(
          { baseUrl: server.baseUrl, serverPid: server.pid, listPostgres: postgres.list },
          scenario,
        ),
      );
    }
  }
  await server.stop();

  const [platform] = results;
  if (!platform) throw new Error('no platform result');
  console.log(
    `\n| ${'GET /sign-in on'.padEnd(44)} |  req/s |  ratio |   p50 ms |   p95 ms |   p99 ms |`,
  );
  console.log(`| ${'-'.repeat(44)} | -----: | -----: | -------: | -------: | -------: |`);
  let met = true;
  results.forEach((result, index) => {
    const ratio = result.requestsPerSecond / platform.requestsPerSecond;
    if (index > 0 && ratio < TARGET_RATIO) met = false;
    console.log(row(hosts[index]?.label ?? result.key, result, ratio.toFixed(2)));
  });
  console.log(
    `\n${met ? '✓' : '✗'} branded sign-in pages at ≥ ${TARGET_RATIO * 100}% of the platform page's req/s`,
  );
  const failed = results.some((result) => result.errors > 0 || result.non2xx > 0);
  if (failed) {
    for (const result of results) {
      console.error(
        `✖ ${result.key}: ${JSON.stringify(result.statusCounts)}, ${result.errors} errors`,
      );
    }
  }
  return failed || !met ? 1 : 0;
});
