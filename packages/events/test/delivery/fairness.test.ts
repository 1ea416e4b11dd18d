import { afterEach, describe, expect, it } from 'vitest';
import { createInstallationSlots } from '../../src/delivery/installation-slots';
import { startWebhookReceiver, type WebhookReceiver } from '../../src/testing/webhook-receiver';
import { setupOpsDatabase } from '../operations/support';
import {
  deliveryStates,
  seedDeliveries,
  seedReceiverModule,
  startRuntime,
  testSettings,
  waitFor,
} from './support';

// Fairness across installations (docs/events.md "Fairness"): every lane shares the process's
// EVENTS_WORKER_CONCURRENCY workers, so a module whose endpoint never answers, on many streams,
// may hold only EVENTS_MAX_DRAINS_PER_INSTALLATION of them (default concurrency / 4); the
// other tenants' deliveries go on. A lane at its installation's cap is neither dropped nor
// attempted: it is queued again when one of its installation's drains ends.

const world = setupOpsDatabase();
const ws = () => world().tree.workspaces.A1.id;
// Receivers first, then runtimes: a closed receiver ends the POSTs the runtimes wait for.
const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of running.splice(0)) await item.close();
});

async function receiver(): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver();
  running.push(started);
  return started;
}

async function attemptCount(installationId: string): Promise<number> {
  const { rows } = await world().test.admin.query<{ count: number }>(
    `select count(*)::int as count from public.event_delivery_attempts a
       join public.event_deliveries d on d.id = a.delivery_id where d.installation_id = $1`,
    [installationId],
  );
  return rows[0]?.count ?? 0;
}

const streams = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, n) => `${prefix}-${n}`);

describe('installation slots', () => {
  it('refuses a slot at the cap, remembers the lane, and hands it back on release', () => {
    const slots = createInstallationSlots(2);
    expect([slots.take('i1', 'i1/a'), slots.take('i1', 'i1/b'), slots.take('i2', 'i2/a')]).toEqual([
      true,
      true,
      true,
    ]);
    expect([slots.take('i1', 'i1/c'), slots.take('i1', 'i1/d'), slots.take('i1', 'i1/c')]).toEqual([
      false,
      false,
      false,
    ]);
    expect(slots.release('i1')).toEqual(['i1/c', 'i1/d']);
    expect(slots.release('i1')).toEqual([]);
    expect([slots.take('i1', 'i1/c'), slots.take('i1', 'i1/d'), slots.take('i1', 'i1/e')]).toEqual([
      true,
      true,
      false,
    ]);
  });
});

describe('a module that never answers', () => {
  it('holds at most its cap of workers while another installation gets its events meanwhile', async () => {
    const hanging = await receiver();
    hanging.answer = () => ({ status: 204, delayMs: 60_000 });
    const healthy = await receiver();
    const slow = await seedReceiverModule(world(), hanging.baseUrl, {
      webhooks: { eventsPath: '/webhooks/events', timeoutMs: 30_000 },
    });
    const sink = await seedReceiverModule(world(), healthy.baseUrl);
    const settings = testSettings({ concurrency: 8 });
    expect(settings.maxDrainsPerInstallation).toBe(2);
    const runtime = await startRuntime(world(), settings);
    running.push(runtime);

    for (const stream of streams(`hang-${slow.moduleKey}`, 12)) {
      await seedDeliveries(world(), {
        workspaceId: ws(),
        stream,
        count: 1,
        installationIds: [slow.installationId],
      });
    }
    // Its drains are in flight (before the cap: all 8 workers within a moment).
    await waitFor(() => hanging.received.length >= 2, 10_000, 'the hanging POSTs');
    await new Promise((resolve) => setTimeout(resolve, 500));

    for (const stream of streams(`sink-${sink.moduleKey}`, 6)) {
      await seedDeliveries(world(), {
        workspaceId: ws(),
        stream,
        count: 2,
        installationIds: [sink.installationId],
      });
    }
    // Not behind the hanging module: served while its POSTs still hang (they answer after 60 s;
    // the budget is generous so a loaded machine cannot fail it, a starved lane still would).
    await waitFor(() => healthy.received.length >= 12, 20_000, 'the healthy module meanwhile');
    await waitFor(
      async () => (await deliveryStates(world(), sink.installationId)).delivered === 12,
      20_000,
      'the healthy deliveries recorded',
    );

    // The hanging module held its 2 workers, still in flight; its other lanes wait, with no
    // attempt recorded.
    expect(hanging.maxInFlight).toBe(2);
    expect(hanging.received).toHaveLength(2);
    expect(await attemptCount(slow.installationId)).toBe(0);
    expect(await deliveryStates(world(), slow.installationId)).toEqual({ pending: 12 });
  });

  it('drops no lane at the cap: each is queued again when a drain of its installation ends', async () => {
    const target = await receiver();
    target.answer = () => ({ status: 204, delayMs: 150 });
    const module = await seedReceiverModule(world(), target.baseUrl);
    const lanes = streams(`slow-${module.moduleKey}`, 10);
    for (const stream of lanes) {
      await seedDeliveries(world(), {
        workspaceId: ws(),
        stream,
        count: 2,
        installationIds: [module.installationId],
      });
    }
    // One sweep at start finds the lanes; after that only the cap's hand-back queues them.
    const runtime = await startRuntime(
      world(),
      testSettings({ concurrency: 8, sweepIntervalMs: 600_000, lingerMs: 0 }),
    );
    running.push(runtime);
    await waitFor(
      async () => (await deliveryStates(world(), module.installationId)).delivered === 20,
      15_000,
      'all 20 deliveries',
    );
    expect(target.received).toHaveLength(20);
    // One attempt per delivery: a lane put back at the cap records none.
    expect(await attemptCount(module.installationId)).toBe(20);
    expect(target.maxInFlight).toBe(2);
    expect(target.maxInFlightPerLane).toBe(1);
    // Order per lane held.
    for (const stream of lanes) {
      const sequences = target.received
        .map((r) => r.json as { partitionkey: string; sequence: string })
        .filter((envelope) => envelope.partitionkey === stream)
        .map((envelope) => envelope.sequence);
      expect(sequences).toHaveLength(2);
      expect(Number(sequences[0])).toBeLessThan(Number(sequences[1]));
    }
  });
});
