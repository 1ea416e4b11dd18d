import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import {
  isBuildCurrent,
  recordBuild,
  sourceFingerprint,
} from '../../apps/platform/scripts/lib/build';
import { PLATFORM_DIR } from '../../apps/platform/scripts/lib/paths';

const require = createRequire(import.meta.url);

/** `node <next's bin> ...args`: the same binary `npm start` runs. */
export function nextCommand(...args: string[]): [string, string[]] {
  return [process.execPath, [require.resolve('next/dist/bin/next'), ...args]];
}

/**
 * Runs `next build` when the app's source fingerprint changed since the last build (the
 * helper `npm start` uses, so both share one build), with the environment `npm start` builds
 * with. Asynchronous, so Ctrl+C still reaches the bench's cleanup.
 */
export async function buildAppIfNeeded(environment: NodeJS.ProcessEnv): Promise<void> {
  const fingerprint = sourceFingerprint();
  if (isBuildCurrent(fingerprint)) {
    console.log('• Build: current (source fingerprint unchanged)');
    return;
  }
  console.log('• Build: sources changed, running next build (about a minute)…');
  const [command, args] = nextCommand('build');
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: PLATFORM_DIR,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...environment, NEXT_TELEMETRY_DISABLED: '1' },
    });
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error('next build failed; its output above says why');
  recordBuild(fingerprint);
}
