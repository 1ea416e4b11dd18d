import {
  createChannelHub,
  createNotifiedCache,
  type NotifiedCache,
  type NotifiedCacheOptions,
} from '@aiconnected/db';
import { closeAfterEach, createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// createNotifiedCache on real Postgres: values kept while the listener proves notifications
// arrive, forgotten by a matching NOTIFY from another connection, LRU-bounded, misses kept
// apart so they never evict hits, and fail closed (loads every time) while not listening.

const CHANNEL = 'notified_cache_test';
const WITHIN = { timeout: 10_000, interval: 5 };

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => {
  await test.drop();
});

const closing = closeAfterEach();
/** One listening connection for the file's caches, as a process has. */
const hub = () => createChannelHub(test.db, { retryMinMs: 10, retryMaxMs: 100 });

const notify = (payload: string) =>
  test.admin.query('select pg_notify($1, $2)', [CHANNEL, payload]);

async function listening<V>(
  options: Omit<NotifiedCacheOptions<V>, 'channel' | 'hub'> = {},
): Promise<NotifiedCache<V>> {
  const cache = closing(
    createNotifiedCache<V>({
      channel: CHANNEL,
      hub: hub(),
      // 5 s (the default): a heartbeat step slower than heartbeatMs turns the listener off and
      // clears the cache, which a loaded machine could do to a 200 ms one mid-test; no test
      // here depends on the heartbeat's pace (the first proof runs at once).
      heartbeatMs: 5000,
      ...options,
    }),
  );
  cache.listen();
  await vi.waitFor(() => expect(cache.active).toBe(true), WITHIN);
  return cache;
}

/** A loader that counts its calls per key and answers `<key>#<n>`. */
function counter() {
  const calls: Record<string, number> = {};
  return {
    calls,
    load: (key: string) => () => {
      calls[key] = (calls[key] ?? 0) + 1;
      return Promise.resolve(`${key}#${calls[key]}`);
    },
  };
}

describe('createNotifiedCache', () => {
  it('loads every time while not listening (fail closed), and with ttlMs 0', async () => {
    const off = closing(createNotifiedCache<string>({ channel: CHANNEL, hub: hub() }));
    const zero = closing(createNotifiedCache<string>({ channel: CHANNEL, hub: hub(), ttlMs: 0 }));
    zero.listen();
    const { calls, load } = counter();
    await off.get('a', load('a'));
    await off.get('a', load('a'));
    await zero.get('b', load('b'));
    await zero.get('b', load('b'));
    expect({ calls, offActive: off.active, zeroActive: zero.active, size: off.size }).toStrictEqual(
      { calls: { a: 2, b: 2 }, offActive: false, zeroActive: false, size: 0 },
    );
  });

  it('reuses a value until a notification that forgets it arrives', async () => {
    const cache = await listening<string>({
      forgets: (payload, key) => payload === `key:${key}`,
    });
    const { calls, load } = counter();
    expect([await cache.get('a', load('a')), await cache.get('a', load('a'))]).toStrictEqual([
      'a#1',
      'a#1',
    ]);
    await cache.get('b', load('b'));
    await notify('key:a');
    await vi.waitFor(async () => expect(await cache.get('a', load('a'))).toBe('a#2'), WITHIN);
    // `b` was not named: still the first load.
    expect(await cache.get('b', load('b'))).toBe('b#1');
    expect(calls).toStrictEqual({ a: 2, b: 1 });
  });

  it('forgets everything on a notification when no `forgets` is given, and on clear()', async () => {
    const cache = await listening<string>();
    const { load } = counter();
    await cache.get('a', load('a'));
    await notify('anything');
    await vi.waitFor(async () => expect(await cache.get('a', load('a'))).toBe('a#2'), WITHIN);
    cache.clear();
    expect(await cache.get('a', load('a'))).toBe('a#3');
  });

  it('does not keep a value loaded across an invalidation', async () => {
    const cache = await listening<string>();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const pending = cache.get('a', async () => {
      await gate;
      return 'stale';
    });
    cache.clear();
    release();
    expect(await pending).toBe('stale');
    expect(await cache.get('a', () => Promise.resolve('fresh'))).toBe('fresh');
  });

  it('is a bounded LRU: the least recently used value goes first', async () => {
    const cache = await listening<string>({ maxEntries: 2 });
    const { calls, load } = counter();
    await cache.get('a', load('a'));
    await cache.get('b', load('b'));
    await cache.get('a', load('a')); // a is now the most recent
    await cache.get('c', load('c')); // evicts b
    await cache.get('a', load('a'));
    await cache.get('b', load('b'));
    expect({ calls, size: cache.size }).toStrictEqual({ calls: { a: 1, b: 2, c: 1 }, size: 2 });
  });

  it('is bounded in size with maxSize and sizeOf: heavy values evict, one too heavy is not kept', async () => {
    // Each value weighs its length: 'a#1' = 3, so 7 holds two of them, not three.
    const cache = await listening<string>({ maxSize: 7, sizeOf: (value) => value.length });
    const { calls, load } = counter();
    await cache.get('a', load('a'));
    await cache.get('b', load('b'));
    await cache.get('c', load('c')); // evicts a (3 + 3 + 3 > 7)
    await cache.get('b', load('b'));
    await cache.get('a', load('a'));
    const heavy = () => Promise.resolve('x'.repeat(8));
    await cache.get('heavy', heavy);
    expect({ calls, size: cache.size }).toStrictEqual({ calls: { a: 2, b: 1, c: 1 }, size: 2 });
  });

  it('keeps misses apart: a flood of misses never evicts a hit, and a miss is reused', async () => {
    const cache = await listening<string | null>({
      maxEntries: 2,
      maxMisses: 3,
      isMiss: (value) => value === null,
    });
    let loads = 0;
    const hit = (key: string) => () => {
      loads += 1;
      return Promise.resolve(key);
    };
    const miss = () => {
      loads += 1;
      return Promise.resolve(null);
    };
    await cache.get('real', hit('real'));
    for (let i = 0; i < 50; i += 1) await cache.get(`made-up-${i}`, miss);
    expect(loads).toBe(51);
    await cache.get('real', hit('real'));
    await cache.get('made-up-49', miss);
    expect({ loads, size: cache.size }).toStrictEqual({ loads: 51, size: 4 });
  });

  it('forgets a miss after missTtlMs', async () => {
    const cache = await listening<string | null>({
      isMiss: (value) => value === null,
      // A second: the two reads below must fall within it even when a loaded machine pauses
      // this process between them (50 ms could lapse there).
      missTtlMs: 1000,
    });
    let loads = 0;
    const miss = () => {
      loads += 1;
      return Promise.resolve(null);
    };
    await cache.get('x', miss);
    await cache.get('x', miss);
    expect(loads).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1300));
    await cache.get('x', miss);
    expect(loads).toBe(2);
  });
});
