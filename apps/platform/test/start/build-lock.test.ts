import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withBuildLock } from '../../scripts/lib/build-lock';

// The lock `npm start`, the e2e tests and the bench take around `next build`, on a lock
// directory of this test's own (never the checkout's real one, which a running build may hold).

let scratch: string;
let lockDir: string;

beforeEach(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'build-lock-test-'));
  lockDir = path.join(scratch, 'build.lock');
});
afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The pid of a process that has just exited (and so is not alive). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  const pid = Number(child.stdout.toString());
  if (!Number.isInteger(pid) || pid <= 0) throw new Error('could not learn a child pid');
  return pid;
}

describe('withBuildLock', () => {
  it('runs two concurrent holders one after the other; the second waits, told once', async () => {
    const events: string[] = [];
    const waits: string[] = [];
    const hold = (name: string) =>
      withBuildLock(
        async () => {
          events.push(`${name} starts`);
          expect(readFileSync(path.join(lockDir, 'pid'), 'utf8')).toBe(String(process.pid));
          await sleep(150);
          events.push(`${name} ends`);
          return name;
        },
        { lockDir, waitMs: 10, onWait: () => waits.push(name) },
      );

    const results = await Promise.all([hold('first'), hold('second')]);

    expect(results).toStrictEqual(['first', 'second']);
    expect(events).toStrictEqual(['first starts', 'first ends', 'second starts', 'second ends']);
    expect(waits).toStrictEqual(['second']);
    expect(existsSync(lockDir)).toBe(false);
  });

  it('releases the lock when the holder throws, so the next one runs', async () => {
    await expect(
      withBuildLock(() => Promise.reject(new Error('next build failed')), { lockDir }),
    ).rejects.toThrow('next build failed');
    expect(existsSync(lockDir)).toBe(false);

    expect(await withBuildLock(() => Promise.resolve('ran'), { lockDir, giveUpMs: 0 })).toBe('ran');
  });

  it('takes over a stale lock whose holder is dead', async () => {
    mkdirSync(lockDir);
    writeFileSync(path.join(lockDir, 'pid'), String(deadPid()));
    const waits: string[] = [];

    // Taken at once, without waiting (nor telling anyone it waits) for the dead holder.
    const result = await withBuildLock(
      () => Promise.resolve(readFileSync(path.join(lockDir, 'pid'), 'utf8')),
      { lockDir, giveUpMs: 0, onWait: () => waits.push('waited') },
    );

    expect(result).toBe(String(process.pid));
    expect(waits).toStrictEqual([]);
    expect(existsSync(lockDir)).toBe(false);
  });

  it('does not take over a lock whose holder is alive, and gives up with its path', async () => {
    mkdirSync(lockDir);
    writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
    let ran = false;
    const waits: string[] = [];

    await expect(
      withBuildLock(
        () => {
          ran = true;
          return Promise.resolve();
        },
        { lockDir, waitMs: 10, giveUpMs: 200, onWait: () => waits.push('waited') },
      ),
    ).rejects.toThrow(`the build lock ${lockDir} is still held after 0.2 s`);
    expect(ran).toBe(false);
    expect(waits).toStrictEqual(['waited']);
    expect(readFileSync(path.join(lockDir, 'pid'), 'utf8')).toBe(String(process.pid));
  });
});
