import {
  createChannelHub,
  createNotifiedCache,
  type ChannelHub,
  type ChannelHubOptions,
  type ChannelSubscriptionOptions,
  type NotifiedCache,
} from '@aiconnected/db';
import { closeAfterEach, createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// createChannelHub on real Postgres: every cache of a process listens on ONE backend, each
// channel's notifications reach only its caches, and each subscriber is trusted only while its
// own channel is proven to deliver: a killed backend turns every one off until the reconnected
// connection has re-LISTENed and proven each channel again.

const CHANNELS = ['hub_test_a', 'hub_test_b', 'hub_test_c'] as const;
const HEARTBEAT_MS = 200;
const WITHIN = { timeout: 10_000, interval: 5 };

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => {
  await test.drop();
});

const closing = closeAfterEach();

let hubs = 0;
/** A hub with an application_name of its own, so its backends can be counted and killed. */
function hub(options: ChannelHubOptions = {}): { hub: ChannelHub; name: string } {
  hubs += 1;
  const name = `hub-test-${hubs}`;
  return {
    hub: createChannelHub(test.db, {
      applicationName: name,
      retryMinMs: 10,
      retryMaxMs: 100,
      ...options,
    }),
    name,
  };
}

/** The backends (pids) connected under `name`. */
async function backends(name: string): Promise<number[]> {
  const { rows } = await test.admin.query<{ pid: number }>(
    `select pid from pg_stat_activity where datname = current_database() and application_name = $1`,
    [name],
  );
  return rows.map((row) => row.pid);
}

/** A cache on `channel` through `shared`, that names its values `<channel>#<loads>`. */
function cacheOn(shared: ChannelHub, channel: string) {
  const cache = closing(
    createNotifiedCache<string>({ channel, hub: shared, heartbeatMs: HEARTBEAT_MS }),
  );
  cache.listen();
  let loads = 0;
  return {
    channel,
    cache,
    get: () =>
      cache.get('key', () => {
        loads += 1;
        return Promise.resolve(`${channel}#${loads}`);
      }),
  };
}

/** A subscriber on `channel` through `shared` that records what it is handed. */
function record(shared: ChannelHub, channel: string, options: ChannelSubscriptionOptions = {}) {
  const messages: string[] = [];
  const states: boolean[] = [];
  const listener = closing(
    shared.listen(
      channel,
      { onMessage: (payload) => messages.push(payload), onState: (next) => states.push(next) },
      { heartbeatMs: HEARTBEAT_MS, ...options },
    ),
  );
  return { listener, messages, states };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const notify = (channel: string, payload = 'changed') =>
  test.admin.query('select pg_notify($1, $2)', [channel, payload]);

const allActive = (list: { cache: NotifiedCache<string> }[]) =>
  vi.waitFor(
    () => expect(list.map((entry) => entry.cache.active)).toStrictEqual(list.map(() => true)),
    WITHIN,
  );

describe('createChannelHub', () => {
  it('reports listening once a probe arrived, hands over payloads and never a probe', async () => {
    const { listener, messages, states } = record(hub().hub, CHANNELS[0]);
    await vi.waitFor(() => expect(listener.listening).toBe(true), WITHIN);
    await notify(CHANNELS[0], 'probe:from-another-process');
    await notify(CHANNELS[0], 'session:1');
    await vi.waitFor(() => expect(messages).toStrictEqual(['session:1']), WITHIN);
    // Heartbeats keep passing: still listening after several.
    await sleep(HEARTBEAT_MS * 3);
    expect(states).toStrictEqual([true]);
    expect(messages).toStrictEqual(['session:1']);
    await listener.close();
    expect(states).toStrictEqual([true, false]);
  });

  it('stops listening within a heartbeat when notifications stop arriving, and resumes', async () => {
    // Behind a transaction pooler LISTEN "succeeds" and nothing arrives; UNLISTEN behind the
    // listener's back (on its second heartbeat) leaves it in exactly that state.
    let proofs = 0;
    const { states } = record(hub().hub, CHANNELS[0], {
      async verify(client) {
        proofs += 1;
        if (proofs === 3) await client.query(`UNLISTEN ${CHANNELS[0]}`);
      },
    });
    await vi.waitFor(() => expect(states).toStrictEqual([true, false, true]), WITHIN);
    expect(proofs).toBeGreaterThanOrEqual(4);
  });

  it('stops listening within a heartbeat when verify fails at runtime, until it passes again', async () => {
    let failing = false;
    const warnings: unknown[] = [];
    const { listener, states } = record(hub().hub, CHANNELS[0], {
      logger: { debug: () => undefined, warn: (fields) => warnings.push(fields.err) },
      verify: () => (failing ? Promise.reject(new Error('triggers gone')) : Promise.resolve()),
    });
    await vi.waitFor(() => expect(listener.listening).toBe(true), WITHIN);
    failing = true;
    await vi.waitFor(() => expect(listener.listening).toBe(false), WITHIN);
    expect(String(warnings[0])).toContain('triggers gone');
    failing = false;
    await vi.waitFor(() => expect(listener.listening).toBe(true), WITHIN);
    expect(states).toStrictEqual([true, false, true]);
  });

  it('serves every cache (three channels, two caches on one) from one backend', async () => {
    const { hub: shared, name } = hub();
    const list = [...CHANNELS, CHANNELS[0]].map((channel) => cacheOn(shared, channel));
    await allActive(list);
    expect(await backends(name)).toHaveLength(1);
    // And the caches reuse their values (they trust the shared listener).
    for (const entry of list) await entry.get();
    expect(await Promise.all(list.map((entry) => entry.get()))).toStrictEqual([
      'hub_test_a#1',
      'hub_test_b#1',
      'hub_test_c#1',
      'hub_test_a#1',
    ]);
  });

  it('hands a notification on one channel to that channel’s caches only', async () => {
    const { hub: shared } = hub();
    const a = cacheOn(shared, 'hub_test_a');
    const b = cacheOn(shared, 'hub_test_b');
    const c = cacheOn(shared, 'hub_test_c');
    const a2 = cacheOn(shared, 'hub_test_a');
    await allActive([a, b, c, a2]);
    for (const entry of [a, b, c, a2]) await entry.get();
    await notify('hub_test_b');
    await vi.waitFor(async () => expect(await b.get()).toBe('hub_test_b#2'), WITHIN);
    expect([await a.get(), await c.get(), await a2.get()]).toStrictEqual([
      'hub_test_a#1',
      'hub_test_c#1',
      'hub_test_a#1',
    ]);
    await notify('hub_test_a');
    await vi.waitFor(async () => expect(await a.get()).toBe('hub_test_a#2'), WITHIN);
    await vi.waitFor(async () => expect(await a2.get()).toBe('hub_test_a#2'), WITHIN);
    expect([await b.get(), await c.get()]).toStrictEqual(['hub_test_b#2', 'hub_test_c#1']);
  });

  it('turns every cache off when its backend is killed, until the new one re-LISTENs each channel', async () => {
    // A reconnect slow enough to watch the caches while the hub is down.
    const { hub: shared, name } = hub({ retryMinMs: 500, retryMaxMs: 500 });
    const states: boolean[] = [];
    const recorder = shared.listen(
      CHANNELS[2],
      { onMessage: () => undefined, onState: (next) => states.push(next) },
      { heartbeatMs: HEARTBEAT_MS },
    );
    const list = CHANNELS.map((channel) => cacheOn(shared, channel));
    try {
      await allActive(list);
      await vi.waitFor(() => expect(recorder.listening).toBe(true), WITHIN);
      for (const entry of list) await entry.get();
      const [before] = await backends(name);

      await test.admin.query('select pg_terminate_backend($1)', [before]);
      await vi.waitFor(() => expect(list.some((entry) => entry.cache.active)).toBe(false), WITHIN);
      // Fail closed: nothing kept, every read loads, while no channel is proven.
      expect(list.map((entry) => entry.cache.size)).toStrictEqual([0, 0, 0]);
      expect(await Promise.all(list.map((entry) => entry.get()))).toStrictEqual([
        'hub_test_a#2',
        'hub_test_b#2',
        'hub_test_c#2',
      ]);
      expect(await Promise.all(list.map((entry) => entry.get()))).toStrictEqual([
        'hub_test_a#3',
        'hub_test_b#3',
        'hub_test_c#3',
      ]);

      await allActive(list);
      expect(states).toStrictEqual([true, false, true]);
      const after = await backends(name);
      expect(after).toHaveLength(1);
      expect(after).not.toContain(before);
      // Every channel is LISTENed on the new backend: each notification reaches its cache.
      for (const entry of list) await entry.get();
      for (const entry of list) {
        await notify(entry.channel);
        await vi.waitFor(async () => expect(await entry.get()).toBe(`${entry.channel}#5`), WITHIN);
      }
    } finally {
      await recorder.close();
    }
  });

  it('turns off only the subscriber whose verify fails, and only the one whose onMessage throws', async () => {
    const { hub: shared } = hub();
    let failing = false;
    const warnings: unknown[] = [];
    const logger = {
      debug: () => undefined,
      warn: (fields: Record<string, unknown>) => warnings.push(fields.err),
    };
    const verified = shared.listen(
      CHANNELS[0],
      { onMessage: () => undefined, onState: () => undefined },
      {
        heartbeatMs: HEARTBEAT_MS,
        logger,
        verify: () => (failing ? Promise.reject(new Error('triggers gone')) : Promise.resolve()),
      },
    );
    const throwing = shared.listen(
      CHANNELS[1],
      {
        onMessage: () => {
          throw new Error('not applied');
        },
        onState: () => undefined,
      },
      { heartbeatMs: HEARTBEAT_MS, logger },
    );
    const bystander = cacheOn(shared, CHANNELS[0]);
    try {
      await vi.waitFor(
        () => expect([verified.listening, throwing.listening]).toStrictEqual([true, true]),
        WITHIN,
      );
      await allActive([bystander]);
      await bystander.get();

      failing = true;
      await vi.waitFor(() => expect(verified.listening).toBe(false), WITHIN);
      expect(String(warnings[0])).toContain('triggers gone');
      await notify(CHANNELS[1]);
      await vi.waitFor(() => expect(throwing.listening).toBe(false), WITHIN);
      expect(warnings.map(String)).toContain('Error: not applied');
      // The cache on the same channel as the failing verify never stopped trusting.
      expect(bystander.cache.active).toBe(true);
      expect(await bystander.get()).toBe('hub_test_a#1');

      failing = false;
      await vi.waitFor(
        () => expect([verified.listening, throwing.listening]).toStrictEqual([true, true]),
        WITHIN,
      );
    } finally {
      await verified.close();
      await throwing.close();
    }
  });

  it('ends its connection when the last subscriber leaves, and opens one again for the next', async () => {
    const { hub: shared, name } = hub();
    const first = cacheOn(shared, CHANNELS[0]);
    const second = cacheOn(shared, CHANNELS[1]);
    await allActive([first, second]);
    await first.cache.close();
    expect(await backends(name)).toHaveLength(1);
    // The other subscriber keeps listening on the same backend.
    await second.get();
    expect(await second.get()).toBe('hub_test_b#1');
    await second.cache.close();
    expect(await backends(name)).toStrictEqual([]);

    const third = cacheOn(shared, CHANNELS[2]);
    await allActive([third]);
    expect(await backends(name)).toHaveLength(1);
  });

  it('keeps listening on a channel while another of its subscribers remains', async () => {
    // Heartbeats far apart, so no proof re-LISTENs the channel between the close and the notify.
    const { hub: shared } = hub();
    const leaving = record(shared, CHANNELS[0], { heartbeatMs: 5000 });
    const staying = record(shared, CHANNELS[0], { heartbeatMs: 5000 });
    await vi.waitFor(
      () =>
        expect([leaving.listener.listening, staying.listener.listening]).toStrictEqual([
          true,
          true,
        ]),
      WITHIN,
    );
    await leaving.listener.close();
    await notify(CHANNELS[0], 'after-close');
    await vi.waitFor(() => expect(staying.messages).toStrictEqual(['after-close']), WITHIN);
    expect({ staying: staying.states, leaving: leaving.states }).toStrictEqual({
      staying: [true],
      leaving: [true, false],
    });
    expect(leaving.messages).toStrictEqual([]);
  });

  it('keeps its connection when the pool is too busy to send a probe: only that subscriber goes off', async () => {
    const { hub: shared, name } = hub();
    const busy = record(shared, CHANNELS[0]);
    // Proven once, then not again before the pool is free (its next heartbeat is 5 s away).
    const bystander = record(shared, CHANNELS[1], { heartbeatMs: 5000 });
    await vi.waitFor(
      () =>
        expect([busy.listener.listening, bystander.listener.listening]).toStrictEqual([true, true]),
      WITHIN,
    );
    const before = await backends(name);
    expect(before).toHaveLength(1);

    // Every pool connection held for several of `busy`'s heartbeats.
    const max = test.db.pool.options.max;
    const held = await Promise.all(Array.from({ length: max }, () => test.db.pool.connect()));
    try {
      await vi.waitFor(() => expect(busy.listener.listening).toBe(false), WITHIN);
      await sleep(HEARTBEAT_MS * 3);
      expect(await backends(name)).toStrictEqual(before);
      expect(bystander.states).toStrictEqual([true]);
    } finally {
      for (const client of held) client.release();
    }

    await vi.waitFor(() => expect(busy.listener.listening).toBe(true), WITHIN);
    expect(busy.states).toStrictEqual([true, false, true]);
    expect(bystander.states).toStrictEqual([true]);
    expect(await backends(name)).toStrictEqual(before);
    // Both channels are still LISTENed on the same backend.
    await notify(CHANNELS[0], 'a');
    await notify(CHANNELS[1], 'b');
    await vi.waitFor(
      () => expect([busy.messages, bystander.messages]).toStrictEqual([['a'], ['b']]),
      WITHIN,
    );
  });
});
