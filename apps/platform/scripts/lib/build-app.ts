import { spawn } from 'node:child_process';
import { isBuildCurrent, recordBuild, sourceFingerprint } from './build';
import { withBuildLock } from './build-lock';
import { nextCommand } from './next-command';
import { PLATFORM_DIR } from './paths';

export interface BuildAppOptions {
  /** `next build`'s environment (NEXT_TELEMETRY_DISABLED=1 is added: no external requests). */
  env: NodeJS.ProcessEnv;
  /**
   * `inherit`: the build's output streams to this terminal (`npm start`, the bench);
   * `capture`: its tail is kept and put in the error when the build fails (the e2e tests).
   */
  output: 'inherit' | 'capture';
  /** Lines printed as it goes, each only when given. */
  messages?: {
    /** The build is current: nothing to do. */
    current?: string;
    /** The sources changed: `next build` is starting. */
    building?: string;
    /** Another process of this checkout holds the build lock: waiting for it. */
    waiting?: string;
  };
}

/** `next build` ran and failed (not: could not be started, or the lock was never free). */
export class BuildFailedError extends Error {}

const OUTPUT_TAIL_CHARS = 6_000;

/**
 * Builds the web app with `next build` unless `.next` was already built from the current
 * sources, under this checkout's build lock: `npm start`, the e2e tests and the bench share
 * one fingerprint and one `.next`, so a build made by any of them is reused by the others and
 * two of them never build at once. A process that exits mid-build stops the build with it.
 */
export async function buildAppIfNeeded(options: BuildAppOptions): Promise<void> {
  const say = (line: string | undefined) => {
    if (line !== undefined) console.log(line);
  };
  await withBuildLock(
    async () => {
      const fingerprint = sourceFingerprint();
      if (isBuildCurrent(fingerprint)) {
        say(options.messages?.current);
        return;
      }
      say(options.messages?.building);
      await runNextBuild(options);
      recordBuild(fingerprint);
    },
    { onWait: () => say(options.messages?.waiting) },
  );
}

function runNextBuild({ env, output }: BuildAppOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const [command, args] = nextCommand('build');
    const stream = output === 'inherit' ? 'inherit' : 'pipe';
    const child = spawn(command, args, {
      cwd: PLATFORM_DIR,
      env: { ...env, NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', stream, stream],
    });
    let tail = '';
    const keep = (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    // A process ended mid-build (Ctrl+C, a timed-out test worker) must not leave `next build`
    // writing to `.next`.
    const stopBuild = () => child.kill('SIGKILL');
    process.once('exit', stopBuild);
    child.once('error', (error) => {
      process.off('exit', stopBuild);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      process.off('exit', stopBuild);
      if (code === 0) resolve();
      else if (output === 'inherit') {
        reject(new BuildFailedError('next build failed; its output above says why'));
      } else {
        reject(new BuildFailedError(`next build failed (${signal ?? `exit ${code}`}):\n${tail}`));
      }
    });
  });
}
