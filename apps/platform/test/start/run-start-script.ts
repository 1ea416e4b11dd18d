import { spawn } from 'node:child_process';
import { PLATFORM_DIR } from '../../scripts/lib/paths';
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

/** A running `npm start`, to watch and to stop as a person at the terminal would. */
export interface StartScriptProcess {
  /** Its process id (also its process group's). */
  pid: number;
  /** Its output so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout matches `pattern`; rejects if the script ends first or after `ms`. */
  waitForOutput(pattern: RegExp, ms: number): Promise<void>;
  /** Whether it has not exited yet. */
  running(): boolean;
  /** Ctrl+C: SIGINT to the script's whole process group, as a terminal sends it. */
  interrupt(): void;
  /** How it ended; stops whatever is left after `ms`, reporting that as an error. */
  ended(ms: number): Promise<StartScriptRun>;
}

/**
 * Starts `apps/platform/scripts/start.ts` the way `npm start` does (Node with tsx, from the
 * app's folder), with exactly `env` as its environment: nothing from the test runner's shell
 * (DATABASE_URL, PORT) leaks in. The script leads its own process group, so whatever it
 * started can be found and stopped.
 */
export function spawnStartScript(env: Record<string, string>): StartScriptProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: PLATFORM_DIR,
    // No NODE_ENV, as in a plain `npm start`; Next's typings declare it required, hence the cast.
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const closed = new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve([code, signal]));
  });
  const isRunning = () => child.exitCode === null && child.signalCode === null;

  const waitForOutput = async (pattern: RegExp, ms: number) => {
    const giveUpAt = Date.now() + ms;
    while (!pattern.test(stdout)) {
      if (!isRunning() || Date.now() > giveUpAt) {
        throw new Error(`start.ts never printed ${pattern}:\n${stdout}\n${stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const ended = async (ms: number): Promise<StartScriptRun> => {
    let timer: NodeJS.Timeout | undefined;
    const tooSlow = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`start.ts was still running after ${ms / 1000} s:\n${stdout}\n${stderr}`));
      }, ms);
    });
    try {
      const [code, signal] = await Promise.race([closed, tooSlow]);
      const leftover = child.pid === undefined ? [] : listGroupProcesses(child.pid);
      return { code, signal, stdout, stderr, leftover };
    } finally {
      clearTimeout(timer);
      await stopProcessGroup(child);
    }
  };

  const interrupt = () => {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGINT');
  };
  if (child.pid === undefined) throw new Error('start.ts could not be spawned');
  return {
    pid: child.pid,
    stdout: () => stdout,
    stderr: () => stderr,
    waitForOutput,
    running: isRunning,
    interrupt,
    ended,
  };
}

/**
 * Runs `npm start` to its end with exactly `env` (see `spawnStartScript`). These runs stop
 * before any build or server, in about a second; a script still running after 60 s (room for a
 * machine busy with the whole suite) is stopped and reported as an error.
 */
export function runStartScript(env: Record<string, string>): Promise<StartScriptRun> {
  return spawnStartScript(env).ended(60_000);
}
