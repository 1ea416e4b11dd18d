import { createChannelHub } from '@aiconnected/db';
import { closeAfterEach, createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLaneDispatcher } from '../../src/delivery/lane-dispatcher';
import { LANES_CHANNEL } from '../../src/delivery/lane-key';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});
const closing = closeAfterEach();

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const until = async (check: () => boolean, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('lane dispatcher', () => {
  it('wakes notified lanes, coalescing a burst into one call with each key once', async () => {
    const wakes: string[][] = [];
    let sweeps = 0;
    const hub = createChannelHub(database.db, { retryMinMs: 50 });
    const dispatcher = closing(
      createLaneDispatcher({
        hub,
        logger: quiet,
        wake: (keys) => {
          wakes.push(keys);
          return Promise.resolve();
        },
        sweep: () => {
          sweeps += 1;
          return Promise.resolve([]);
        },
        // Long enough that the second notification (its own round trip) falls within the same
        // gather on a loaded machine too.
        coalesceMs: 2000,
        sweepIntervalMs: 60_000,
      }),
    );
    // A sweep at start, and one once the listener is proven (notifications before it are lost).
    await until(() => sweeps >= 2);
    // One transaction: the notifications arrive together at commit (duplicates folded by Postgres too).
    await database.admin.query(
      `select pg_notify($1, 'i1/a'), pg_notify($1, 'i1/b'), pg_notify($1, 'i2/a')`,
      [LANES_CHANNEL],
    );
    await database.admin.query(`select pg_notify($1, 'i1/a')`, [LANES_CHANNEL]);
    await until(() => wakes.flat().length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(wakes).toEqual([['i1/a', 'i1/b', 'i2/a']]);
    await dispatcher.close();
  });

  it('sweeps on its interval and wakes what the sweep found; a failing wake is logged, not thrown', async () => {
    const wakes: string[][] = [];
    const warnings: string[] = [];
    let sweeps = 0;
    const dispatcher = closing(
      createLaneDispatcher({
        hub: createChannelHub(database.db),
        logger: { ...quiet, warn: (_obj, msg) => void warnings.push(msg) },
        wake: (keys) => {
          wakes.push(keys);
          return Promise.reject(new Error('queue down'));
        },
        sweep: () => {
          sweeps += 1;
          return Promise.resolve([`lane-${sweeps}`]);
        },
        sweepIntervalMs: 50,
      }),
    );
    await until(() => sweeps >= 4);
    await dispatcher.close();
    const after = sweeps;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(sweeps).toBe(after);
    expect(wakes.length).toBeGreaterThanOrEqual(3);
    expect(wakes.every((keys) => keys.length === 1 && keys[0]?.startsWith('lane-'))).toBe(true);
    expect(warnings).toContain('events.lane_wake_failed');
  });

  it('runs one sweep at a time: a sweep slower than the interval is not joined by another', async () => {
    let inFlight = 0;
    let most = 0;
    let sweeps = 0;
    const dispatcher = closing(
      createLaneDispatcher({
        hub: createChannelHub(database.db),
        logger: quiet,
        wake: () => Promise.resolve(),
        sweep: async () => {
          sweeps += 1;
          inFlight += 1;
          most = Math.max(most, inFlight);
          // Ten intervals long, as a sweep on a saturated database was.
          await new Promise((resolve) => setTimeout(resolve, 200));
          inFlight -= 1;
          return [];
        },
        sweepIntervalMs: 20,
      }),
    );
    await until(() => sweeps >= 3);
    await dispatcher.close();
    expect(most).toBe(1);
    expect(inFlight).toBe(0);
  });
});
