import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PLATFORM_DIR } from '../../scripts/lib/paths';

const WAIT_MS = 500;
const GIVE_UP_MS = 10 * 60_000;

// One lock per checkout, outside `.next` (which `next build` empties) and outside the repo.
const LOCK_DIR = path.join(
  tmpdir(),
  `aiconnected-platform-build-${createHash('sha256').update(PLATFORM_DIR).digest('hex').slice(0, 12)}.lock`,
);

/**
 * Runs `fn` while holding this checkout's build lock, so two test runs started together do not
 * run `next build` into the same `.next` at once: the second waits, then finds the build current.
 * A lock left by a process that no longer exists is taken over.
 */
export async function withBuildLock<T>(fn: () => Promise<T>): Promise<T> {
  const giveUpAt = Date.now() + GIVE_UP_MS;
  while (!tryLock()) {
    if (Date.now() > giveUpAt)
      throw new Error(`the build lock ${LOCK_DIR} is still held after 10 minutes`);
    await new Promise((resolve) => setTimeout(resolve, WAIT_MS));
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

function tryLock(): boolean {
  try {
    mkdirSync(LOCK_DIR); // atomic: exactly one process creates it
    writeFileSync(path.join(LOCK_DIR, 'pid'), String(process.pid));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (!isHolderAlive()) rmSync(LOCK_DIR, { recursive: true, force: true });
  return false;
}

function isHolderAlive(): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(LOCK_DIR, 'pid'), 'utf8'));
  } catch {
    // Just created and the pid not written yet, unless its creator died in between.
    return Date.now() - lockAgeStart() < 10_000;
  }
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockAgeStart(): number {
  try {
    return statSync(LOCK_DIR).mtimeMs;
  } catch {
    return 0;
  }
}
