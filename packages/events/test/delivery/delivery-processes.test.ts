import type { ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../../src/testing/webhook-receiver';
import { setupOpsDatabase } from '../operations/support';
import {
  deliveryStates,
  endWorker,
  seedDeliveries,
  seedReceiverModule,
  spawnWorker,
  testSettings,
  waitFor,
} from './support';

// Delivery workers as processes on one Postgres (fixtures/delivery-worker.ts, as `npm run
// worker` runs the runtime): one killed with SIGKILL mid-run and another started, and two at
// once. Real receivers on loopback record every arrival.

const world = setupOpsDatabase();
const ws = () => world().tree.workspaces.A1.id;
let receiver: WebhookReceiver;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((child) => endWorker(child, 'SIGKILL')));
});
afterAll(async () => {
  await receiver?.close();
});

type Envelope = { id: string; partitionkey: string; sequence: string };

/** Per stream: the sequences in first-arrival order, and whether every event's POSTs shared one webhook-id. */
function arrivals(streams: string[]) {
  const byStream = new Map<string, number[]>(streams.map((stream) => [stream, []]));
  const idsOf = new Map<string, Set<string>>();
  let duplicates = 0;
  for (const r of receiver.received) {
    const envelope = r.json as Envelope;
    const seen = idsOf.get(envelope.id);
    if (seen) duplicates += 1;
    else byStream.get(envelope.partitionkey)?.push(Number(envelope.sequence));
    idsOf.set(envelope.id, (seen ?? new Set()).add(String(r.headers['webhook-id'])));
  }
  return {
    byStream,
    duplicates,
    oneIdPerEvent: [...idsOf.values()].every((ids) => ids.size === 1),
  };
}

const series = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('delivery workers', () => {
  it('a worker killed with SIGKILL mid-run: another delivers everything, at least once, same webhook-id on duplicates', async () => {
    receiver.received.length = 0;
    const module = await seedReceiverModule(world(), receiver.baseUrl);
    const streams = [1, 2, 3].map((i) => `kill${i}-${module.moduleKey}`);
    for (const stream of streams) {
      await seedDeliveries(world(), {
        workspaceId: ws(),
        stream,
        count: 200,
        installationIds: [module.installationId],
      });
    }
    // Slow enough that the kill lands in the middle of every lane.
    receiver.answer = () => ({ status: 204, delayMs: 5 });
    const settings = testSettings({ concurrency: 3, heartbeatSeconds: 10, sweepIntervalMs: 500 });
    const first = await spawnWorker(world(), settings);
    workers.push(first);
    await waitFor(() => receiver.received.length >= 150, 30_000, 'the first deliveries');
    await endWorker(first, 'SIGKILL');
    const beforeRestart = receiver.received.length;
    expect(beforeRestart).toBeLessThan(600);

    const killedAt = Date.now();
    workers.push(await spawnWorker(world(), settings));
    const readyAt = Date.now();
    // The killed worker's lanes are taken over once its heartbeats have lapsed (~10-20 s).
    await waitFor(
      async () => (await deliveryStates(world(), module.installationId)).delivered === 600,
      // ~15-25 s after the kill (heartbeat 10 s), also on two busy cores.
      60_000,
      'all 600 delivered after the restart',
    );
    const doneAt = Date.now();
    const seen = arrivals(streams);
    for (const stream of streams) expect(seen.byStream.get(stream)).toEqual(series(200));
    expect(seen.oneIdPerEvent).toBe(true);
    expect(receiver.maxInFlightPerId).toBe(1);
    // For the record (docs/events.md "Processes").
    const resumedAt = receiver.received[beforeRestart]?.receivedAt ?? doneAt;
    console.info(
      `SIGKILL run: ${beforeRestart} arrivals before the kill, ${seen.duplicates} duplicates; ` +
        `new worker ready after ${readyAt - killedAt} ms, deliveries resumed after ` +
        `${resumedAt - killedAt} ms, all delivered after ${doneAt - killedAt} ms`,
    );
  }, 120_000);

  it('two workers at once share the lanes: no delivery POSTed twice concurrently, each lane one at a time, order kept', async () => {
    receiver.received.length = 0;
    receiver.maxInFlightPerId = 0;
    receiver.maxInFlightPerLane = 0;
    receiver.answer = () => ({ status: 204, delayMs: 2 });
    const module = await seedReceiverModule(world(), receiver.baseUrl);
    const streams = [1, 2, 3, 4, 5, 6].map((i) => `pair${i}-${module.moduleKey}`);
    const settings = testSettings({ concurrency: 4 });
    workers.push(await spawnWorker(world(), settings), await spawnWorker(world(), settings));
    for (const stream of streams) {
      await seedDeliveries(world(), {
        workspaceId: ws(),
        stream,
        count: 150,
        installationIds: [module.installationId],
      });
    }
    await waitFor(
      async () => (await deliveryStates(world(), module.installationId)).delivered === 900,
      60_000,
      'all 900 delivered',
    );
    const seen = arrivals(streams);
    for (const stream of streams) expect(seen.byStream.get(stream)).toEqual(series(150));
    expect(seen.duplicates).toBe(0);
    expect(receiver.maxInFlightPerId).toBe(1);
    expect(receiver.maxInFlightPerLane).toBe(1);
    // Both workers took part.
    const { rows } = await world().test.admin.query<{ workers: number }>(
      `select count(distinct a.worker)::int as workers from public.event_delivery_attempts a
         join public.event_deliveries d on d.id = a.delivery_id where d.installation_id = $1`,
      [module.installationId],
    );
    expect(rows[0]?.workers).toBe(2);
  }, 90_000);
});
