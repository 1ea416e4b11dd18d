import { listenChannel, type ChannelListener, type ListenChannelOptions } from '@aiconnected/db';
import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const CHANNEL = 'listen_channel_test';
// Short, so a failed heartbeat shows quickly; the polls below only bound a failing test.
const HEARTBEAT_MS = 200;
const WITHIN = { timeout: 10_000, interval: 5 };

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => {
  await test.drop();
});

interface Recorded {
  listener: ChannelListener;
  messages: string[];
  states: boolean[];
}

/** A listener on CHANNEL that records what it reports. */
function record(options: ListenChannelOptions = {}): Recorded {
  const messages: string[] = [];
  const states: boolean[] = [];
  const listener = listenChannel(
    test.db,
    CHANNEL,
    { onMessage: (payload) => messages.push(payload), onState: (next) => states.push(next) },
    { heartbeatMs: HEARTBEAT_MS, retryMinMs: 10, retryMaxMs: 100, ...options },
  );
  return { listener, messages, states };
}

const notify = (payload: string) =>
  test.admin.query('select pg_notify($1, $2)', [CHANNEL, payload]);

describe('listenChannel', () => {
  it('reports listening once a probe arrived, hands over payloads and never a probe', async () => {
    const { listener, messages, states } = record();
    try {
      await vi.waitFor(() => expect(listener.listening).toBe(true), WITHIN);
      await notify('probe:from-another-process');
      await notify('session:1');
      await vi.waitFor(() => expect(messages).toStrictEqual(['session:1']), WITHIN);
      // Heartbeats keep passing: still listening after several.
      await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_MS * 3));
      expect(states).toStrictEqual([true]);
      expect(messages).toStrictEqual(['session:1']);
    } finally {
      await listener.close();
    }
    expect(states).toStrictEqual([true, false]);
  });

  it('stops listening within a heartbeat when notifications stop arriving, and resumes', async () => {
    // Behind a transaction pooler LISTEN "succeeds" and nothing arrives; UNLISTEN behind the
    // listener's back (on its second heartbeat) leaves it in exactly that state.
    let proofs = 0;
    const { listener, states } = record({
      async verify(client) {
        proofs += 1;
        if (proofs === 3) await client.query(`UNLISTEN ${CHANNEL}`);
      },
    });
    try {
      await vi.waitFor(() => expect(states).toStrictEqual([true, false, true]), WITHIN);
      expect(proofs).toBeGreaterThanOrEqual(4);
    } finally {
      await listener.close();
    }
  });

  it('stops listening within a heartbeat when verify fails at runtime, until it passes again', async () => {
    let failing = false;
    const warnings: unknown[] = [];
    const { listener, states } = record({
      logger: { debug: () => undefined, warn: (fields) => warnings.push(fields.err) },
      verify: () => (failing ? Promise.reject(new Error('triggers gone')) : Promise.resolve()),
    });
    try {
      await vi.waitFor(() => expect(listener.listening).toBe(true), WITHIN);
      failing = true;
      await vi.waitFor(() => expect(listener.listening).toBe(false), WITHIN);
      expect(String(warnings[0])).toContain('triggers gone');
      failing = false;
      await vi.waitFor(() => expect(listener.listening).toBe(true), WITHIN);
      expect(states).toStrictEqual([true, false, true]);
    } finally {
      await listener.close();
    }
  });
});
