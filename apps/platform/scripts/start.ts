/**
 * `npm start`: the whole product on one machine. Validates the environment, checks the port,
 * opens the database (DATABASE_URL, or embedded Postgres under .data/), migrates, seeds the
 * demo tree once (local only), builds the web app when its sources changed, and serves it.
 * `--dev` runs `next dev` instead of build + start.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { EnvError, loadEnv, type Env } from '../src/env';
import { isBuildCurrent, recordBuild, sourceFingerprint } from './lib/build';
import { fail } from './lib/fail';
import { PLATFORM_DIR } from './lib/paths';
import { isPortFree } from './lib/port';
import { prepareDatabase } from './lib/prepare-database';

const dev = process.argv.includes('--dev');
const require = createRequire(import.meta.url);

function readEnv(): Env {
  try {
    return loadEnv(process.env);
  } catch (error) {
    if (error instanceof EnvError) fail(error.message);
    throw error;
  }
}

function nextBin(...args: string[]): [string, string[]] {
  return [process.execPath, [require.resolve('next/dist/bin/next'), ...args]];
}

/** Next.js's environment: its telemetry off, because the product makes no external requests. */
function nextEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...extra };
}

function buildIfNeeded(): void {
  const fingerprint = sourceFingerprint();
  if (isBuildCurrent(fingerprint)) return;
  console.log('• Building the web app (only when sources changed; about a minute)…');
  const [command, args] = nextBin('build');
  const result = spawnSync(command, args, { cwd: PLATFORM_DIR, stdio: ['ignore', 'inherit', 'inherit'], env: nextEnv() });
  if (result.status !== 0) fail('The web app failed to build; the output above says why.');
  recordBuild(fingerprint);
}

async function main(): Promise<void> {
  const env = readEnv();
  if (!(await isPortFree(env.PORT))) {
    fail(`Port ${env.PORT} is already in use. Stop whatever is listening there, or start with PORT=<another port>.`);
  }
  const database = await prepareDatabase(env);
  if (!dev) buildIfNeeded();

  const [command, args] = nextBin(dev ? 'dev' : 'start', '-p', String(env.PORT));
  const server: ChildProcess = spawn(command, args, {
    cwd: PLATFORM_DIR,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: nextEnv({ DATABASE_URL: database.url }),
    detached: true, // own process group: `next start` forks a child we must stop too
  });
  console.log(`• aiConnected is starting on ${env.PLATFORM_PUBLIC_BASE_URL} (Ctrl+C to stop)`);

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (server.pid && server.exitCode === null) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    await database.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  server.on('exit', (code) => void stop(code ?? 1));
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
