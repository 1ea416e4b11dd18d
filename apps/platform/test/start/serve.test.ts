import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { buildAppIfNeeded } from '../../e2e/support/build-app';
import { findFreePort } from '../../e2e/support/free-port';
import { spawnStartScript, type StartScriptProcess } from './run-start-script';

// `npm start` serving for real: the built app (built here if its sources changed, under the
// lock the e2e tests share), pages and API on one port, stopped with Ctrl+C.

const DEMO_PASSWORD = 'Start-test-demo-2026';
const RUNNING = /• aiConnected is running at .*\n.*listening on .*\n/;
const START_MS = 120_000;
/** A test that starts the app: start-up, requests, shutdown. */
const SERVING_TEST_MS = 180_000;

/** A non-loopback IPv4 address of this machine, if it has one. */
function outsideAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;
}

/** Whether something accepts connections at `url` (any HTTP answer counts). */
async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(3000) });
    return true;
  } catch {
    return false;
  }
}

/** Signs in as a demo user (the super admin unless given) from the browser origin `origin`; returns the cookie. */
async function signIn(base: string, origin: string, email = 'super@demo.local'): Promise<string> {
  const response = await fetch(`${base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  expect(response.status).toBe(200);
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error('sign-in set no cookie');
  return cookie;
}

/** Ctrl+C while `count` session reads are in flight: every one answers 200 or finds no server. */
async function interruptUnderLoad(start: StartScriptProcess, base: string, cookie: string) {
  const reads = Array.from({ length: 20 }, () =>
    fetch(`${base}/api/auth/session`, { headers: { cookie } }).then(
      (response) => response.status,
      () => 'refused',
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, 20));
  start.interrupt();
  const statuses = await Promise.all(reads);
  expect(statuses.filter((status) => status !== 200 && status !== 'refused')).toStrictEqual([]);
  return start.ended(30_000);
}

/** What the script printed after it was told to stop. */
function afterStopping(stdout: string): string[] {
  return stdout.slice(stdout.indexOf('• Stopping')).split('\n').filter(Boolean);
}

beforeAll(async () => {
  await buildAppIfNeeded();
}, 600_000);

/** Every script a test started, so one whose test failed half-way is stopped all the same. */
const started: StartScriptProcess[] = [];
function startApp(env: Record<string, string>): StartScriptProcess {
  const start = spawnStartScript(env);
  started.push(start);
  return start;
}
afterEach(async () => {
  for (const start of started.splice(0)) {
    if (start.running()) start.interrupt();
    await start.ended(30_000).catch(() => undefined);
  }
});

/** Starts the app on a free port with `env` and waits until it says it is running. */
async function serveOnFreePort(env: Record<string, string>) {
  const port = await findFreePort();
  const start = startApp({ PORT: String(port), DEMO_PASSWORD, ...env });
  await start.waitForOutput(RUNNING, START_MS);
  return { start, port, base: `http://127.0.0.1:${port}`, origin: `http://localhost:${port}` };
}

/** A test database for the enclosing `describe`, created before its tests and dropped after. */
function useTestDatabase(): () => TestDatabase {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });
  return () => {
    if (!database) throw new Error('the test database is created in beforeAll');
    return database;
  };
}

/** The script stopped on Ctrl+C as it should: exit 0, nothing on stderr, the stopping and stopped lines, nothing left running. */
function expectQuietStop(run: Awaited<ReturnType<typeof interruptUnderLoad>>): void {
  expect(run.code).toBe(0);
  expect(run.stderr).toBe('');
  expect(afterStopping(run.stdout), run.stdout).toStrictEqual([
    '• Stopping: web server first, then the database…',
    '• Stopped.',
  ]);
  expect(run.leftover).toStrictEqual([]);
}

describe('npm start on a database of its own (DATABASE_URL)', () => {
  const database = useTestDatabase();

  it(
    'serves on loopback only by default, on the PORT given, with URLs, origins and mail links that follow it, and stops quietly on Ctrl+C',
    async () => {
      const { start, port, base, origin } = await serveOnFreePort({
        DATABASE_URL: database().url,
        LOG_LEVEL: 'warn',
      });

      expect(start.stdout().match(RUNNING)?.[0].split('\n')).toStrictEqual([
        `• aiConnected is running at ${origin} (Ctrl+C to stop)`,
        `  listening on 127.0.0.1:${port} (this machine only; HOST=0.0.0.0 listens on every interface)`,
        '',
      ]);
      expect((await fetch(`${base}/api/health`)).status).toBe(200);
      expect((await fetch(`${base}/sign-in`)).status).toBe(200);
      const outside = outsideAddress();
      if (outside) expect(await answers(`http://${outside}:${port}/api/health`)).toBe(false);

      // A cookie-authenticated write from the page's own origin is accepted...
      const cookie = await signIn(base, origin);
      const created = await fetch(`${base}/api/workspaces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin, cookie },
        body: JSON.stringify({ type: 'agency', name: `Port ${port} Agency` }),
      });
      expect(created.status).toBe(201);
      // ...and mail links point at that origin.
      const reset = await fetch(`${base}/api/auth/password/reset`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ email: 'agency-a-admin@demo.local' }),
      });
      expect(reset.status).toBe(200);
      const mail = await database().admin.query<{ text_body: string }>(
        `select text_body from public.mail_messages where to_address = 'agency-a-admin@demo.local'
       order by created_at desc limit 1`,
      );
      expect(mail.rows[0]?.text_body).toContain(`${origin}/set-password?token=`);

      expectQuietStop(await interruptUnderLoad(start, base, cookie));
      expect(await answers(`${base}/api/health`)).toBe(false);
    },
    SERVING_TEST_MS,
  );
});

describe('npm start: pages', () => {
  const database = useTestDatabase();

  it(
    'resolve the session once per page load, in process, and answer a page the role may not open with 403',
    async () => {
      const { start, base, origin } = await serveOnFreePort({
        DATABASE_URL: database().url,
        LOG_LEVEL: 'info',
      });
      const cookie = await signIn(base, origin, 'business-a1-user@demo.local');
      /** Opens `path` and counts the session lookups the server logged meanwhile. */
      const open = async (path: string, headers: Record<string, string> = {}) => {
        const before = sessionLookups(start.stdout());
        const response = await fetch(`${base}${path}`, { headers, redirect: 'manual' });
        await response.text();
        return { status: response.status, lookups: sessionLookups(start.stdout()) - before };
      };

      expect(await open('/business', { cookie })).toStrictEqual({ status: 200, lookups: 1 });
      expect(await open('/users', { cookie })).toStrictEqual({ status: 403, lookups: 1 });
      // Headers of the server's own names are not believed from a client.
      expect(
        await open('/users', {
          cookie,
          'x-shell-page-forbidden': '0',
          'x-shell-page-session': '00000000-0000-4000-8000-000000000000',
        }),
      ).toStrictEqual({ status: 403, lookups: 1 });
      expect(await open('/business', { 'x-shell-page-forbidden': '1' })).toStrictEqual({
        status: 307,
        lookups: 0,
      });

      start.interrupt();
      expect((await start.ended(30_000)).code).toBe(0);
    },
    SERVING_TEST_MS,
  );
});

describe('npm start with WEB_CONCURRENCY=2', () => {
  const database = useTestDatabase();

  it(
    'serves from two cluster workers on the one port and stops them all on Ctrl+C',
    async () => {
      const { start, port, base, origin } = await serveOnFreePort({
        DATABASE_URL: database().url,
        LOG_LEVEL: 'warn',
        WEB_CONCURRENCY: '2',
      });

      expect(start.stdout()).toContain(
        `  listening on 127.0.0.1:${port} (this machine only; HOST=0.0.0.0 listens on every interface, 2 web workers)`,
      );
      expect(workersOf(start.pid)).toHaveLength(2);
      const statuses = await Promise.all(
        Array.from({ length: 8 }, () => fetch(`${base}/api/health`).then((r) => r.status)),
      );
      expect(statuses).toStrictEqual(Array.from({ length: 8 }, () => 200));

      expectQuietStop(await interruptUnderLoad(start, base, await signIn(base, origin)));
    },
    SERVING_TEST_MS,
  );
});

describe.runIf(userInfo().uid === 0)('npm start as root from a private folder', () => {
  let privateDir: string;
  let sharedDataDir: string | undefined;

  beforeAll(() => {
    // A checkout in root's home: the OS user postgres cannot enter any folder below it.
    privateDir = mkdtempSync(path.join(tmpdir(), 'private-checkout-'));
  });
  afterAll(() => {
    rmSync(privateDir, { recursive: true, force: true });
    if (sharedDataDir) rmSync(path.dirname(sharedDataDir), { recursive: true, force: true });
  });

  it(
    'keeps the embedded cluster where Postgres can reach it, serves, and on Ctrl+C stops the web server, then Postgres',
    async () => {
      const wanted = path.join(privateDir, 'shell/.data/postgres');
      const { start, base, origin } = await serveOnFreePort({
        EMBEDDED_DATABASE_PORT: String(await findFreePort()),
        EMBEDDED_DATABASE_DIR: wanted,
        LOG_LEVEL: 'warn',
      });

      const database = start
        .stdout()
        .match(
          /data in (\/var\/lib\/aiconnected\/shell-[0-9a-f]{12}\/postgres), because the OS user postgres that runs it cannot reach (.*)\)/,
        );
      sharedDataDir = database?.[1];
      expect(database?.[2]).toBe(path.dirname(wanted));
      expect((await fetch(`${base}/api/health`)).status).toBe(200);
      const cookie = await signIn(base, origin);

      // Postgres ran in a process group of its own: stopped by the script, not left behind.
      expectQuietStop(await interruptUnderLoad(start, base, cookie));
      expect(postgresOf(sharedDataDir ?? '')).toStrictEqual([]);
    },
    SERVING_TEST_MS,
  );
});

/** How many `GET /api/auth/session` the server has logged (in process or over HTTP). */
function sessionLookups(stdout: string): number {
  return stdout
    .split('\n')
    .filter((line) => line.includes('"msg":"request completed"'))
    .filter((line) => line.includes('"path":"/api/auth/session"')).length;
}

/** The cluster workers the script `pid` forked (their command line names web-worker.ts). */
function workersOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return (
          parent === pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('web-worker.ts')
        );
      } catch {
        return false; // ended while we looked
      }
    })
    .map(Number);
}

/** The live processes started with `dataDir` among their arguments (postgres -D <dataDir>). */
function postgresOf(dataDir: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(dataDir);
      } catch {
        return false; // ended while we looked
      }
    })
    .map(Number);
}
