import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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

// The delivery runtime on real Postgres with real HTTP receivers on loopback: signed, ordered
// POSTs; every attempt and state recorded; the events' summary state.

const world = setupOpsDatabase();
const ws = () => world().tree.workspaces.A1.id;
let receiver: WebhookReceiver;
const running: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((item) => item.close()));
  receiver.answer = () => ({ status: 204 });
});
afterAll(async () => {
  await receiver?.close();
});

describe('delivering a lane', () => {
  it('POSTs each event once, in order, signed, as its CloudEvents envelope; records attempts and states', async () => {
    const module = await seedReceiverModule(world(), receiver.baseUrl);
    const eventIds = await seedDeliveries(world(), {
      workspaceId: ws(),
      stream: `orders-${module.moduleKey}`,
      count: 3,
      installationIds: [module.installationId],
    });
    const started = await startRuntime(world());
    running.push(started);
    const mine = () =>
      receiver.received.filter(
        (r) => r.headers['user-agent'] && eventIds.includes((r.json as { id: string }).id),
      );
    await waitFor(
      async () => (await deliveryStates(world(), module.installationId)).delivered === 3,
    );

    const arrivals = mine();
    expect(arrivals.map((r) => (r.json as { id: string }).id)).toEqual(eventIds);
    const { rows: deliveries } = await world().test.admin.query<{ id: string; event_id: string }>(
      'select id, event_id from public.event_deliveries where installation_id = $1',
      [module.installationId],
    );
    const deliveryOf = new Map(deliveries.map((d) => [d.event_id, d.id]));
    for (const [index, arrival] of arrivals.entries()) {
      expect(arrival.path).toBe('/webhooks/events');
      expect(arrival.headers['content-type']).toBe('application/json');
      expect(arrival.headers['user-agent']).toBe('aiConnected-Webhooks/1');
      expect(arrival.headers['webhook-id']).toBe(deliveryOf.get(eventIds[index] ?? ''));
      // Verifies with the installation's secret, as a module does.
      const verified = new Webhook(module.secret).verify(arrival.body, {
        'webhook-id': String(arrival.headers['webhook-id']),
        'webhook-timestamp': String(arrival.headers['webhook-timestamp']),
        'webhook-signature': String(arrival.headers['webhook-signature']),
      });
      expect(verified).toStrictEqual({
        id: eventIds[index],
        source: '/modules/notes',
        type: 'notes.note.created',
        specversion: '1.0',
        time: expect.any(String) as string,
        datacontenttype: 'application/json',
        data: { n: index + 1 },
        workspaceid: ws(),
        partitionkey: `orders-${module.moduleKey}`,
        sequence: String(index + 1).padStart(20, '0'),
        correlationid: 'test-delivery',
        idempotencykey: expect.any(String) as string,
      });
    }

    const { rows: attempts } = await world().test.admin.query(
      `select a.attempt, a.response_status, a.outcome, a.error, a.worker, a.duration_ms >= 0 as timed
         from public.event_delivery_attempts a join public.event_deliveries d on d.id = a.delivery_id
        where d.installation_id = $1`,
      [module.installationId],
    );
    expect(attempts).toHaveLength(3);
    for (const attempt of attempts) {
      expect(attempt).toStrictEqual({
        attempt: 1,
        response_status: 204,
        outcome: 'delivered',
        error: null,
        worker: expect.stringMatching(/^test-/) as string,
        timed: true,
      });
    }
    const { rows: events } = await world().test.admin.query(
      `select delivery_state, delivery_attempts, delivered_at is not null as delivered
         from public.events where id = any($1::uuid[])`,
      [eventIds],
    );
    expect(events).toEqual(
      Array(3).fill({ delivery_state: 'delivered', delivery_attempts: 1, delivered: true }),
    );
    // One log line per attempt, naming module, workspace, delivery, status and duration.
    const lines = started.logger.lines.filter((line) => line.msg === 'events.delivery_attempt');
    expect(lines).toHaveLength(3);
    expect(lines[0]?.obj).toMatchObject({
      module_key: module.moduleKey,
      workspace_id: ws(),
      delivery_id: expect.any(String) as string,
      status: 204,
      outcome: 'delivered',
      duration_ms: expect.any(Number) as number,
    });
  });

  it('keeps one drain on a lane under a steady trickle: far fewer lane jobs than events, in order', async () => {
    const module = await seedReceiverModule(world(), receiver.baseUrl);
    const stream = `trickle-${module.moduleKey}`;
    // Lingering 2 s (250 ms by default): seeding an event (a connection and five statements)
    // can take longer than 250 ms on a loaded machine, which would end the drain between
    // events and count a job for each such gap.
    const runtime = await startRuntime(world(), testSettings({ lingerMs: 2000 }));
    running.push(runtime);
    // One event every ~10 ms, each its own commit (and notification), as emits arrive.
    for (let i = 0; i < 100; i += 1) {
      await seedDeliveries(world(), {
        workspaceId: ws(),
        stream,
        count: 1,
        installationIds: [module.installationId],
      });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await waitFor(
      async () => (await deliveryStates(world(), module.installationId)).delivered === 100,
    );
    const sequences = receiver.received
      .map((r) => r.json as { partitionkey: string; sequence: string })
      .filter((envelope) => envelope.partitionkey === stream)
      .map((envelope) => Number(envelope.sequence));
    expect(sequences).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    // A drain that empties its lane lingers for the next notification (settings.lingerMs)
    // instead of ending: one job (a few on a starved machine), not one per event.
    const { rows } = await world().test.admin.query<{ jobs: number }>(
      `select count(*)::int as jobs from pgboss.job where name = 'event-lane' and data ->> 'lane' = $1`,
      [`${module.installationId}/${stream}`],
    );
    console.info(`100 trickled events on one lane: ${rows[0]?.jobs} lane jobs`);
    expect(rows[0]?.jobs).toBeGreaterThanOrEqual(1);
    expect(rows[0]?.jobs).toBeLessThan(20);
  });

  it('orders 10 streams x 1,000 events: each POSTed once, in sequence order, no gaps, one request at a time per lane', async () => {
    const module = await seedReceiverModule(world(), receiver.baseUrl);
    const streams = Array.from({ length: 10 }, (_, i) => `s${i}-${module.moduleKey}`);
    for (const stream of streams) {
      await seedDeliveries(world(), {
        workspaceId: ws(),
        stream,
        count: 1000,
        installationIds: [module.installationId],
      });
    }
    // Each answer waits a millisecond, so a second request of a lane sent before the first was
    // answered would be seen in flight beside it.
    receiver.answer = () => ({ status: 204, delayMs: 1 });
    const started = Date.now();
    const runtime = await startRuntime(world());
    running.push(runtime);
    await waitFor(
      async () => (await deliveryStates(world(), module.installationId)).delivered === 10_000,
      // 15-30 s on two cores shared with other suites.
      150_000,
      '10,000 deliveries',
    );
    const elapsed = Date.now() - started;
    const mine = receiver.received.filter((r) =>
      streams.includes((r.json as { partitionkey: string }).partitionkey),
    );
    // A healthy run sends each delivery exactly once: no drain failed (a failed drain's unrecorded
    // POSTs would go out again), every POST is one recorded attempt.
    expect(runtime.logger.lines.filter((line) => line.level !== 'info')).toEqual([]);
    expect(mine).toHaveLength(10_000);
    for (const stream of streams) {
      const sequences = mine
        .map((r) => r.json as { partitionkey: string; sequence: string })
        .filter((envelope) => envelope.partitionkey === stream)
        .map((envelope) => Number(envelope.sequence));
      expect(sequences).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    }
    expect(new Set(mine.map((r) => r.headers['webhook-id'])).size).toBe(10_000);
    expect(receiver.maxInFlightPerLane).toBe(1);
    const { rows } = await world().test.admin.query<{ attempts: number; delivered: number }>(
      `select count(*)::int as attempts, count(*) filter (where a.outcome = 'delivered')::int as delivered
         from public.event_delivery_attempts a
         join public.event_deliveries d on d.id = a.delivery_id where d.installation_id = $1`,
      [module.installationId],
    );
    expect(rows[0]).toEqual({ attempts: 10_000, delivered: 10_000 });
    // For the record (docs/events.md): how long 10,000 took end to end.
    console.info(`10 streams x 1,000 events delivered in ${elapsed} ms: ${mine.length} POSTs`);
  }, 180_000);
});
