import { spawn } from 'node:child_process';
import { REPO_ROOT } from '../../scripts/lib/paths';
import { listGroupProcesses, stopProcessGroup } from '../../e2e/support/process-group';

/** How `npm start` ended: its exit, its output, and any process of it still running. */
export interface StartScriptRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Processes of the script's group alive right after it exited (stopped since). */
  leftover: number[];
}

const GIVE_UP_MS = 25_000;

/**
 * Runs `apps/platform/scripts/start.ts` the way `npm start` does (Node with tsx), with exactly
 * `env` as its environment: nothing from the test runner's shell (DATABASE_URL, PORT) leaks in.
 * The script runs in its own process group, so whatever it started can be found and stopped.
 * A script still running after 25 s is stopped and reported as an error: these runs are meant
 * to fail fast, before any build or server.
 */
export async function runStartScript(env: Record<string, string>): Promise<StartScriptRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/platform/scripts/start.ts'], {
    cwd: REPO_ROOT,
    // No NODE_ENV, as in a plain `npm start`; Next's typings declare it required, hence the cast.
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  const ended = new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve([code, signal]));
  });
  let timer: NodeJS.Timeout | undefined;
  const tooSlow = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new Error(`start.ts was still running after ${GIVE_UP_MS / 1000} s:\n${stdout}\n${stderr}`),
      );
    }, GIVE_UP_MS);
  });
  try {
    const [code, signal] = await Promise.race([ended, tooSlow]);
    const leftover = child.pid === undefined ? [] : listGroupProcesses(child.pid);
    return { code, signal, stdout, stderr, leftover };
  } finally {
    clearTimeout(timer);
    await stopProcessGroup(child);
  }
}
