import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { isBuildCurrent, recordBuild, sourceFingerprint } from '../../scripts/lib/build';
import { PLATFORM_DIR } from '../../scripts/lib/paths';
import { withBuildLock } from './build-lock';

const require = createRequire(import.meta.url);
/** The Next.js CLI of this app, run with the current Node (no npx, no PATH lookup). */
export const NEXT_BIN = require.resolve('next/dist/bin/next', { paths: [PLATFORM_DIR] });

const OUTPUT_TAIL_CHARS = 6_000;

/**
 * Builds the web app with `next build` unless `.next` was already built from the current
 * sources: the same fingerprint `npm start` keeps, so a build made by either is reused by both.
 */
export async function buildAppIfNeeded(): Promise<void> {
  await withBuildLock(async () => {
    const fingerprint = sourceFingerprint();
    if (isBuildCurrent(fingerprint)) return;
    await runNextBuild();
    recordBuild(fingerprint);
  });
}

function runNextBuild(): Promise<void> {
  return new Promise((resolve, reject) => {
    // A fixed environment, not the test runner's: vitest sets NODE_ENV=test, which `next build`
    // warns about; production is what it uses anyway.
    const child = spawn(process.execPath, [NEXT_BIN, 'build'], {
      cwd: PLATFORM_DIR,
      env: { NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    // A worker ended mid-build (a timed-out run) must not leave `next build` writing to `.next`.
    const stopBuild = () => child.kill('SIGKILL');
    process.once('exit', stopBuild);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      process.off('exit', stopBuild);
      if (code === 0) resolve();
      else reject(new Error(`next build failed (${signal ?? `exit ${code}`}):\n${output}`));
    });
  });
}
