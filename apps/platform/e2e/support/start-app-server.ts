import { spawn } from 'node:child_process';
import { PLATFORM_DIR } from '../../scripts/lib/paths';
import { findFreePort } from './free-port';
import { stopProcessGroup } from './process-group';

/** A running `npm run serve` of the built app (pages and API on one port). */
export interface AppServer {
  /** `http://127.0.0.1:<port>`: the one origin every page may talk to. */
  baseUrl: string;
  /** Stops the server (SIGTERM: requests finish, the pool ends). */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;
const OUTPUT_TAIL_CHARS = 6_000;

/**
 * Serves the built app (see `buildAppIfNeeded`) on a free port against `databaseUrl` with the
 * server `npm start` runs (scripts/serve.ts: no migration, no seed), and resolves once
 * `/api/health` answers 200.
 */
export async function startAppServer(
  databaseUrl: string,
  /** More environment for the app (e.g. `DNS_RESOLVER_SERVERS` of a test DNS server). */
  extraEnv: Record<string, string> = {},
): Promise<AppServer> {
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // From the app's folder, so tsx finds its tsconfig (the `@/` paths).
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts'], {
    cwd: PLATFORM_DIR,
    // A fixed environment, so nothing from the test runner's shell (its DATABASE_URL, NODE_ENV)
    // leaks into the app. The URLs are this server's own, as a deployment would set them.
    env: {
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      // A local deployment: mail goes to the mailbox shown at /dev/mailbox, never out.
      PLATFORM_ENV: 'local',
      MAIL_TRANSPORT: 'mailbox',
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      PLATFORM_PUBLIC_BASE_URL: baseUrl,
      PLATFORM_ALLOWED_ORIGINS: baseUrl,
      PLATFORM_AUTH_CALLBACK_URL: `${baseUrl}/auth/callback`,
      LOG_LEVEL: 'warn',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group: whatever it starts is stopped with it
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  // Should the test worker end without `stop()` (a crash, a timed-out run), take the server along.
  const killOnExit = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', killOnExit);
  const stop = async () => {
    process.off('exit', killOnExit);
    await stopProcessGroup(child);
  };

  try {
    await waitForHealth(baseUrl, () => child.exitCode !== null || child.signalCode !== null);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\nserver output:\n${output}`);
  }
  return { baseUrl, stop };
}

async function waitForHealth(baseUrl: string, hasExited: () => boolean): Promise<void> {
  const giveUpAt = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (hasExited()) throw new Error('the server exited before it was ready');
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > giveUpAt)
      throw new Error(
        `${baseUrl}/api/health did not answer 200 within ${READY_TIMEOUT_MS / 1000} s`,
      );
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
