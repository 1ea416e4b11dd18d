import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { PLATFORM_DIR } from '@aiconnected/platform/scripts';
import type { Cleanup } from './cleanup';

export interface StartAppServerInput {
  databaseUrl: string;
  port: number;
  /** The inherited environment (see env.ts); the bench's own settings are added on top. */
  environment: NodeJS.ProcessEnv;
  /** The server's stdout and stderr go here (appended), not to the bench's table. */
  logFile: string;
  cleanup: Cleanup;
}

/** A running app server (apps/platform/scripts/serve.ts: pages and API on one port). */
export interface AppServer {
  baseUrl: string;
  /** Its process id, which is also its process group id. */
  pid: number;
  /** Stops the whole process group; idempotent (cleanup calls it too). */
  stop(): Promise<void>;
}

const HEALTH_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;

async function isHealthy(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

/** Signals the whole process group (its cluster workers too); false when it is already gone. */
function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

function logTail(logFile: string): string {
  try {
    return readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no server output)';
  }
}

/**
 * Starts the production server (scripts/serve.ts, the one `npm start` runs) on 127.0.0.1:`port` in
 * its own process group, with logs at `warn` so request logging does not dominate the
 * measurement, and waits until `GET /api/health` answers 200. Stopping sends SIGTERM to the
 * group, then SIGKILL if anything is left after a grace period.
 */
export async function startAppServer(input: StartAppServerInput): Promise<AppServer> {
  const { port, cleanup } = input;
  const baseUrl = `http://127.0.0.1:${port}`;
  const log = openSync(input.logFile, 'a');
  // From the app's folder, so tsx finds its tsconfig (the `@/` paths).
  const server = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts'], {
    cwd: PLATFORM_DIR,
    stdio: ['ignore', log, log],
    env: {
      ...input.environment,
      DATABASE_URL: input.databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      PLATFORM_ENV: 'local',
      LOG_LEVEL: 'warn',
      NEXT_TELEMETRY_DISABLED: '1',
    },
    detached: true,
  });
  closeSync(log); // the child holds its own descriptor
  const { pid } = server;
  if (pid === undefined) throw new Error('the app server could not be spawned');
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (!signalGroup(pid, 'SIGTERM')) return;
      const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
      signalGroup(pid, 'SIGKILL'); // a forked child that outlived its parent
    })();
    return stopping;
  };
  cleanup.add(`stop the app server (process group ${pid})`, stop);
  // Last resort when something exits the process before cleanup finishes (see
  // create-bench-database.ts): no server outlives the bench.
  process.once('exit', () => {
    if (server.exitCode === null && server.signalCode === null) signalGroup(pid, 'SIGKILL');
  });

  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (!(await isHealthy(baseUrl))) {
    const reason =
      server.exitCode !== null
        ? `exited with code ${server.exitCode}`
        : Date.now() > deadline
          ? `was not healthy within ${HEALTH_TIMEOUT_MS / 1000} s`
          : null;
    if (reason)
      throw new Error(`the app server ${reason}; its last output:\n${logTail(input.logFile)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { baseUrl, pid, stop };
}
