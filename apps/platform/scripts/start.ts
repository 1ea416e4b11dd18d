/**
 * `npm start`: the whole product on one machine. Validates the environment, checks the port,
 * opens the database (DATABASE_URL, or embedded Postgres under .data/), migrates, seeds the
 * demo tree once (local only), builds the web app when its sources changed, and serves it.
 * `--dev` runs `next dev` instead of build + start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EnvError, loadEnv, type Env } from '../src/env';
import { BuildFailedError, buildAppIfNeeded } from './lib/build-app';
import { fail } from './lib/fail';
import { nextCommand } from './lib/next-command';
import { PLATFORM_DIR } from './lib/paths';
import { isPortFree } from './lib/port';
import { prepareDatabase } from './lib/prepare-database';

const dev = process.argv.includes('--dev');

function readEnv(): Env {
  try {
    return loadEnv(process.env);
  } catch (error) {
    if (error instanceof EnvError) fail(error.message);
    throw error;
  }
}

/** Next.js's environment: its telemetry off, because the product makes no external requests. */
function nextEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...extra };
}

/** Builds the web app when its sources changed, under the build lock the e2e tests and bench share. */
function buildIfNeeded(): Promise<void> {
  return buildAppIfNeeded({
    env: nextEnv(),
    output: 'inherit',
    messages: {
      building: '• Building the web app (only when sources changed; about a minute)…',
      waiting: '• Waiting for another build of this checkout (tests or bench) to finish…',
    },
  });
}

async function main(): Promise<void> {
  const env = readEnv();
  if (!(await isPortFree(env.PORT))) {
    fail(
      `Port ${env.PORT} is already in use. Stop whatever is listening there, or start with PORT=<another port>.`,
    );
  }
  const database = await prepareDatabase(env);

  let stopServer = () => {};
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    stopServer();
    await database.stop();
    process.exit(code); // also stops a `next build` still running (see build-app.ts)
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  if (!dev) {
    try {
      await buildIfNeeded();
    } catch (error) {
      // Ctrl+C reaches `next build` too, which then fails: `stop` is already cleaning up.
      if (stopping) return;
      if (error instanceof BuildFailedError)
        fail('The web app failed to build; the output above says why.');
      throw error;
    }
  }
  if (stopping) return;

  const [command, args] = nextCommand(dev ? 'dev' : 'start', '-p', String(env.PORT));
  const server: ChildProcess = spawn(command, args, {
    cwd: PLATFORM_DIR,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: nextEnv({ DATABASE_URL: database.url }),
    detached: true, // own process group: `next start` forks a child we must stop too
  });
  stopServer = () => {
    if (!server.pid || server.exitCode !== null) return;
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  console.log(`• aiConnected is starting on ${env.PLATFORM_PUBLIC_BASE_URL} (Ctrl+C to stop)`);
  server.on('exit', (code) => void stop(code ?? 1));
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
