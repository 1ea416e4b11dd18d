import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PLATFORM_DIR } from './paths';

/**
 * This checkout's build lock: one per checkout, outside `.next` (which `next build` empties)
 * and outside the repo. A directory, because creating one is atomic.
 */
export const BUILD_LOCK_DIR = path.join(
  tmpdir(),
  `aiconnected-platform-build-${createHash('sha256').update(PLATFORM_DIR).digest('hex').slice(0, 12)}.lock`,
);

export interface BuildLockOptions {
  /** The lock directory; this checkout's `BUILD_LOCK_DIR` unless given (tests use their own). */
  lockDir?: string;
  /** How often a waiting holder checks the lock again. */
  waitMs?: number;
  /** How long to wait for another holder before giving up with an error. */
  giveUpMs?: number;
  /** Called once when the lock is held by another live process, before waiting for it. */
  onWait?: () => void;
}

/** A lock directory whose pid file is missing this long is left over by a crash. */
const PID_GRACE_MS = 10_000;

/**
 * Runs `fn` while holding this checkout's build lock, so `npm start`, the e2e tests and the
 * bench never run `next build` into the same `.next` at once: a second holder waits, then
 * (checking the source fingerprint inside the lock) finds the build current. A lock left by a
 * process that no longer exists is taken over; one held by a process that exits (Ctrl+C, a
 * timed-out test worker) is released on its way out.
 */
export async function withBuildLock<T>(
  fn: () => Promise<T>,
  options: BuildLockOptions = {},
): Promise<T> {
  const { lockDir = BUILD_LOCK_DIR, waitMs = 500, giveUpMs = 10 * 60_000 } = options;
  const giveUpAt = Date.now() + giveUpMs;
  let announced = false;
  while (!tryLock(lockDir)) {
    if (!announced) {
      announced = true;
      options.onWait?.();
    }
    if (Date.now() > giveUpAt) {
      const waited =
        giveUpMs % 60_000 === 0 ? `${giveUpMs / 60_000} minutes` : `${giveUpMs / 1000} s`;
      throw new Error(`the build lock ${lockDir} is still held after ${waited}`);
    }
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
  const release = () => rmSync(lockDir, { recursive: true, force: true });
  process.once('exit', release);
  try {
    return await fn();
  } finally {
    process.off('exit', release);
    release();
  }
}

/** Takes the lock if it is free, or held by a process that no longer exists. */
function tryLock(lockDir: string): boolean {
  if (create(lockDir)) return true;
  if (isHolderAlive(lockDir)) return false;
  rmSync(lockDir, { recursive: true, force: true });
  return create(lockDir);
}

function create(lockDir: string): boolean {
  try {
    mkdirSync(lockDir); // atomic: exactly one process creates it
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
  return true;
}

function isHolderAlive(lockDir: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(lockDir, 'pid'), 'utf8'));
  } catch {
    // Just created and the pid not written yet, unless its creator died in between.
    return Date.now() - createdAt(lockDir) < PID_GRACE_MS;
  }
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function createdAt(lockDir: string): number {
  try {
    return statSync(lockDir).mtimeMs;
  } catch {
    return 0;
  }
}
