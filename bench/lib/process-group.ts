import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import type { Cleanup } from './cleanup';

/** A server the bench started in its own process group (its CPU is accounted by group). */
export interface GroupServer {
  baseUrl: string;
  /** Its process id, which is also its process group id. */
  pid: number;
  /** Stops the whole process group; idempotent (cleanup calls it too). */
  stop(): Promise<void>;
}

export interface StartGroupServerInput {
  /** What the messages call it ('the app server', 'the hello module'). */
  label: string;
  /** Node arguments (the script and its flags); run with this process's `node`. */
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  baseUrl: string;
  /** Answers 200 once the server serves (polled every 250 ms). */
  healthPath: string;
  healthTimeoutMs?: number;
  /** The server's stdout and stderr go here (appended), not to the bench's table. */
  logFile: string;
  cleanup: Cleanup;
}

const HEALTH_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;

async function isHealthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
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
 * Starts `node <args>` in its own process group and waits until `GET <healthPath>` answers
 * 200. Stopping sends SIGTERM to the group, then SIGKILL if anything is left after a grace
 * period; the cleanup stops it, and so does this process's exit as a last resort.
 */
export async function startGroupServer(input: StartGroupServerInput): Promise<GroupServer> {
  const { label, cleanup, baseUrl } = input;
  const log = openSync(input.logFile, 'a');
  const server = spawn(process.execPath, input.args, {
    cwd: input.cwd,
    stdio: ['ignore', log, log],
    env: input.env,
    detached: true,
  });
  closeSync(log); // the child holds its own descriptor
  const { pid } = server;
  if (pid === undefined) throw new Error(`${label} could not be spawned`);
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
  cleanup.add(`stop ${label} (process group ${pid})`, stop);
  // Last resort when something exits the process before cleanup finishes (see
  // create-bench-database.ts): no server outlives the bench.
  process.once('exit', () => {
    if (server.exitCode === null && server.signalCode === null) signalGroup(pid, 'SIGKILL');
  });

  const timeoutMs = input.healthTimeoutMs ?? HEALTH_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  while (!(await isHealthy(`${baseUrl}${input.healthPath}`))) {
    const reason =
      server.exitCode !== null
        ? `exited with code ${server.exitCode}`
        : Date.now() > deadline
          ? `was not healthy within ${timeoutMs / 1000} s`
          : null;
    if (reason) throw new Error(`${label} ${reason}; its last output:\n${logTail(input.logFile)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { baseUrl, pid, stop };
}
