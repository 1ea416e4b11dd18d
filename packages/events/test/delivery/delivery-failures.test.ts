import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { replayDeliveries } from '../../src/operations';
import { startWebhookReceiver, type WebhookReceiver } from '../../src/testing/webhook-receiver';
import { actorOf, auditOf, cid, setupOpsDatabase } from '../operations/support';
import {
  deliveryStates,
  seedDeliveries,
  seedReceiverModule,
  startRuntime,
  testSettings,
  waitFor,
} from './support';

// Retries, Retry-After, 410, dead letter with the lane waiting, replay, and lanes that do not
// block each other: the delivery runtime against receivers that fail on purpose. The retry
// schedule is 0, 0.2 s, 0.5 s (3 attempts).

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

type Envelope = { id: string; partitionkey: string; sequence: string };
const envelopeOf = (body: unknown) => body as Envelope;
const arrivalsOf = (stream: string) =>
  receiver.received.filter((r) => envelopeOf(r.json).partitionkey === stream);

async function attemptsOf(deliveryOrEvent: { eventId: string; installationId: string }) {
  const { rows } = await world().test.admin.query<{
    attempt: number;
    response_status: number | null;
    outcome: string;
    error: string | null;
    started_at: Date;
  }>(
    `select a.attempt, a.response_status, a.outcome, a.error, a.started_at
       from public.event_delivery_attempts a join public.event_deliveries d on d.id = a.delivery_id
      where d.event_id = $1 and d.installation_id = $2 order by a.attempt`,
    [deliveryOrEvent.eventId, deliveryOrEvent.installationId],
  );
  return rows;
}

async function deliveryOf(eventId: string, installationId: string) {
  const { rows } = await world().test.admin.query<{
    id: string;
    state: string;
    attempts: number;
    last_status: number | null;
    last_error: string | null;
    skip_reason: string | null;
  }>(
    `select id, state, attempts, last_status, last_error, skip_reason from public.event_deliveries
      where event_id = $1 and installation_id = $2`,
    [eventId, installationId],
  );
  const [row] = rows;
  if (!row) throw new Error('no delivery');
  return row;
}

describe('retries', () => {
  it('retries a failing delivery on the schedule and delivers it when the receiver recovers', async () => {
    const module = await seedReceiverModule(world(), receiver.baseUrl);
    const stream = `retry-${module.moduleKey}`;
    let calls = 0;
    receiver.answer = (r) =>
      envelopeOf(r.json).partitionkey === stream && ++calls <= 2
        ? { status: 500 }
        : { status: 204 };
    const [eventId = ''] = await seedDeliveries(world(), {
      workspaceId: ws(),
      stream,
      count: 2,
      installationIds: [module.installationId],
    });
    running.push(await startRuntime(world()));
    await waitFor(
      async () => (await deliveryStates(world(), module.installationId)).delivered === 2,
    );
    const attempts = await attemptsOf({ eventId, installationId: module.installationId });
    expect(
      attempts.map(({ attempt, response_status, outcome, error }) => ({
        attempt,
        response_status,
        outcome,
        error,
      })),
    ).toEqual([
      { attempt: 1, response_status: 500, outcome: 'failed', error: 'answered 500' },
      { attempt: 2, response_status: 500, outcome: 'failed', error: 'answered 500' },
      { attempt: 3, response_status: 204, outcome: 'delivered', error: null },
    ]);
    // 0.2 s then 0.5 s (±20 %) between attempts.
    const gap = (i: number) =>
      (attempts[i]?.started_at.getTime() ?? 0) - (attempts[i - 1]?.started_at.getTime() ?? 0);
    expect(gap(1)).toBeGreaterThanOrEqual(150);
    expect(gap(2)).toBeGreaterThanOrEqual(390);
    // The second event waited behind the first: it arrived only after the first was delivered.
    const order = arrivalsOf(stream).map((r) => Number(envelopeOf(r.json).sequence));
    expect(order).toEqual([1, 1, 1, 2]);
    expect(await deliveryOf(eventId, module.installationId)).toMatchObject({
      state: 'delivered',
      attempts: 3,
      last_status: 204,
      last_error: null,
    });
  });

  it('honours Retry-After on a 429 over a shorter scheduled delay', async () => {
    const module = await seedReceiverModule(world(), receiver.baseUrl);
    const stream = `later-${module.moduleKey}`;
    let calls = 0;
    receiver.answer = (r) =>
      envelopeOf(r.json).partitionkey === stream && ++calls === 1
        ? { status: 429, headers: { 'retry-after': '2' } }
        : { status: 204 };
    const [eventId = ''] = await seedDeliveries(world(), {
      workspaceId: ws(),
      stream,
      count: 1,
      installationIds: [module.installationId],
    });
    running.push(await startRuntime(world()));
    await waitFor(
      async () => (await deliveryStates(world(), module.installationId)).delivered === 1,
    );
    const attempts = await attemptsOf({ eventId, installationId: module.installationId });
    expect(attempts.map((a) => a.response_status)).toEqual([429, 204]);
    const waited =
      (attempts[1]?.started_at.getTime() ?? 0) - (attempts[0]?.started_at.getTime() ?? 0);
    expect(waited).toBeGreaterThanOrEqual(1900);
  });
});

describe('dead letter', () => {
  it('records a webhook secret that cannot be opened as refused attempts, then dead-letters (no silent drain failure)', async () => {
    const module = await seedReceiverModule(world(), receiver.baseUrl);
    // Sealed under a key-encryption key the runtime's ring lacks (a KEK retired too early).
    await world().test.admin.query(
      `update public.module_installation_credentials
          set sealed_secret = jsonb_set(sealed_secret, '{kek}', '999')
        where installation_id = $1 and kind = 'webhook_secret'`,
      [module.installationId],
    );
    const stream = `sealed-${module.moduleKey}`;
    const [first = '', second = ''] = await seedDeliveries(world(), {
      workspaceId: ws(),
      stream,
      count: 2,
      installationIds: [module.installationId],
    });
    const started = await startRuntime(world());
    running.push(started);
    await waitFor(
      async () => (await deliveryStates(world(), module.installationId)).dead_letter === 1,
    );
    const attempts = await attemptsOf({ eventId: first, installationId: module.installationId });
    expect(
      attempts.map(({ attempt, outcome, response_status }) => [attempt, outcome, response_status]),
    ).toEqual([
      [1, 'refused', null],
      [2, 'refused', null],
      [3, 'refused', null],
    ]);
    for (const { error } of attempts) {
      expect(error).toMatch(/^webhook_secret_unavailable \(unknown_key_version\): /);
    }
    expect(await deliveryOf(second, module.installationId)).toMatchObject({
      state: 'pending',
      attempts: 0,
    });
    expect(arrivalsOf(stream)).toEqual([]);
    const lines = started.logger.lines;
    expect(lines.filter((line) => line.msg === 'events.lane_drain_failed')).toEqual([]);
    expect(lines.find((line) => line.msg === 'events.webhook_secret_unavailable')).toMatchObject({
      level: 'warn',
      obj: { installation_id: module.installationId, reason: 'unknown_key_version' },
    });
  });

  it('dead-letters after the last attempt, the lane waits behind it, and a replay delivers all in order', async () => {
    const module = await seedReceiverModule(world(), receiver.baseUrl);
    const stream = `dead-${module.moduleKey}`;
    receiver.answer = (r) =>
      envelopeOf(r.json).partitionkey === stream ? { status: 503 } : { status: 204 };
    const eventIds = await seedDeliveries(world(), {
      workspaceId: ws(),
      stream,
      count: 3,
      installationIds: [module.installationId],
    });
    const [first = '', second = ''] = eventIds;
    const started = await startRuntime(world());
    running.push(started);
    await waitFor(
      async () => (await deliveryStates(world(), module.installationId)).dead_letter === 1,
    );
    // Give the lane time to (wrongly) go on: it must not.
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await deliveryStates(world(), module.installationId)).toEqual({
      dead_letter: 1,
      pending: 2,
    });
    expect(await deliveryOf(first, module.installationId)).toMatchObject({
      state: 'dead_letter',
      attempts: 3,
      last_status: 503,
      last_error: 'answered 503',
    });
    expect(await deliveryOf(second, module.installationId)).toMatchObject({
      state: 'pending',
      attempts: 0,
    });
    expect(arrivalsOf(stream).map((r) => Number(envelopeOf(r.json).sequence))).toEqual([1, 1, 1]);
    const { rows: summary } = await world().test.admin.query(
      'select delivery_state from public.events where id = $1',
      [first],
    );
    expect(summary).toEqual([{ delivery_state: 'dead_letter' }]);
    // The worker's dead-letter transition is audited (no actor).
    const { rows: audit } = await world().test.admin.query(
      `select actor_user_id, target_type, target_id, metadata_json - 'people' as metadata
         from public.audit_logs where action = 'events.dead_letter' and target_id = $1`,
      [(await deliveryOf(first, module.installationId)).id],
    );
    expect(audit).toEqual([
      {
        actor_user_id: null,
        target_type: 'event_delivery',
        target_id: (await deliveryOf(first, module.installationId)).id,
        metadata: {
          event_id: first,
          event_name: 'notes.note.created',
          module_key: module.moduleKey,
          stream,
          attempts: 3,
          last_status: 503,
          last_error: 'answered 503',
        },
      },
    ]);

    // The receiver is back; an admin replays the stream: everything arrives, in order.
    receiver.answer = () => ({ status: 204 });
    const correlationId = cid('replay');
    const replayed = await replayDeliveries(
      world().test.db,
      actorOf(world().tree, 'agencyAdminA', 'A', 'agency_admin'),
      { workspaceId: ws(), moduleKey: module.moduleKey, stream, correlationId },
    );
    expect(replayed.replayed).toBeGreaterThanOrEqual(1);
    await waitFor(
      async () => (await deliveryStates(world(), module.installationId)).delivered === 3,
    );
    expect(arrivalsOf(stream).map((r) => Number(envelopeOf(r.json).sequence))).toEqual([
      1, 1, 1, 1, 2, 3,
    ]);
    // A replayed delivery keeps its webhook-id: the receiver can tell it is the same one.
    const ids = arrivalsOf(stream)
      .filter((r) => envelopeOf(r.json).id === first)
      .map((r) => r.headers['webhook-id']);
    expect(new Set(ids).size).toBe(1);
    expect((await auditOf(world(), correlationId)).map((row) => row.action)).toEqual([
      'events.replay',
    ]);
  });
});

describe('410 Gone', () => {
  it("disables the installation's endpoint: its pending event deliveries are skipped, actions still go", async () => {
    const module = await seedReceiverModule(world(), receiver.baseUrl);
    const stream = `gone-${module.moduleKey}`;
    receiver.answer = (r) => (r.path === '/webhooks/events' ? { status: 410 } : { status: 204 });
    const eventIds = await seedDeliveries(world(), {
      workspaceId: ws(),
      stream,
      count: 3,
      installationIds: [module.installationId],
    });
    const [actionEvent = ''] = await seedDeliveries(world(), {
      workspaceId: ws(),
      stream: `modules/${module.moduleKey}`,
      count: 1,
      installationIds: [module.installationId],
      kind: 'action',
    });
    running.push(await startRuntime(world()));
    await waitFor(async () => (await deliveryStates(world(), module.installationId)).skipped === 3);
    await waitFor(
      async () => (await deliveryOf(actionEvent, module.installationId)).state === 'delivered',
    );
    expect(arrivalsOf(stream)).toHaveLength(1);
    for (const eventId of eventIds) {
      expect(await deliveryOf(eventId, module.installationId)).toMatchObject({
        state: 'skipped',
        skip_reason: 'endpoint_gone',
      });
    }
    expect(await deliveryOf(eventIds[0] ?? '', module.installationId)).toMatchObject({
      attempts: 1,
      last_status: 410,
    });
    const { rows } = await world().test.admin.query(
      `select webhooks_disabled_reason, webhooks_disabled_at is not null as disabled
         from public.module_installations where id = $1`,
      [module.installationId],
    );
    expect(rows).toEqual([{ webhooks_disabled_reason: 'endpoint_gone', disabled: true }]);
    const { rows: audit } = await world().test.admin.query(
      `select actor_user_id, target_id, metadata_json - 'people' as metadata from public.audit_logs
        where action = 'events.endpoint_disabled' and target_id = $1`,
      [module.moduleKey],
    );
    expect(audit).toEqual([
      {
        actor_user_id: null,
        target_id: module.moduleKey,
        metadata: {
          module_key: module.moduleKey,
          delivery_id: (await deliveryOf(eventIds[0] ?? '', module.installationId)).id,
          status: 410,
          skipped: 2,
        },
      },
    ]);
    // The lifecycle action went to its own path.
    expect(
      receiver.received.some(
        (r) => r.path === '/webhooks/install' && envelopeOf(r.json).id === actionEvent,
      ),
    ).toBe(true);
  });
});

describe('lanes are independent', () => {
  it('a failing stream of one subscriber blocks neither its other streams nor other subscribers', async () => {
    const failing = await seedReceiverModule(world(), receiver.baseUrl);
    const healthy = await seedReceiverModule(world(), `${receiver.baseUrl}/healthy`);
    const stuck = `stuck-${failing.moduleKey}`;
    const free = `free-${failing.moduleKey}`;
    receiver.answer = (r) =>
      r.path === '/webhooks/events' && envelopeOf(r.json).partitionkey === stuck
        ? { status: 500 }
        : { status: 204 };
    const both = [failing.installationId, healthy.installationId];
    const [stuckHead = ''] = await seedDeliveries(world(), {
      workspaceId: ws(),
      stream: stuck,
      count: 5,
      installationIds: both,
    });
    await seedDeliveries(world(), {
      workspaceId: ws(),
      stream: free,
      count: 5,
      installationIds: both,
    });
    running.push(await startRuntime(world(), testSettings({ retryScheduleSeconds: [0, 60] })));
    await waitFor(
      async () => (await deliveryStates(world(), healthy.installationId)).delivered === 10,
    );
    await waitFor(
      async () => (await deliveryStates(world(), failing.installationId)).delivered === 5,
    );
    // The stuck lane is drained on its own, maybe after the free one: wait for its head's
    // failed attempt to be recorded, not just for the other lanes to finish.
    await waitFor(async () => (await deliveryOf(stuckHead, failing.installationId)).attempts === 1);
    const healthyArrivals = receiver.received.filter((r) => r.path === '/healthy/webhooks/events');
    for (const stream of [stuck, free]) {
      expect(
        healthyArrivals
          .filter((r) => envelopeOf(r.json).partitionkey === stream)
          .map((r) => Number(envelopeOf(r.json).sequence)),
      ).toEqual([1, 2, 3, 4, 5]);
    }
    // The stuck lane tried its head once and waits for the retry in a minute.
    expect(await deliveryStates(world(), failing.installationId)).toEqual({
      delivered: 5,
      pending: 5,
    });
    expect(
      receiver.received.filter(
        (r) => r.path === '/webhooks/events' && envelopeOf(r.json).partitionkey === stuck,
      ),
    ).toHaveLength(1);
  });

  it('skips event deliveries of an installation that is no longer enabled, but still calls its actions', async () => {
    const module = await seedReceiverModule(world(), receiver.baseUrl);
    await world().test.admin.query(
      `update public.module_installations set state = 'disabled' where id = $1`,
      [module.installationId],
    );
    const [eventId = ''] = await seedDeliveries(world(), {
      workspaceId: ws(),
      stream: `off-${module.moduleKey}`,
      count: 1,
      installationIds: [module.installationId],
    });
    const [actionId = ''] = await seedDeliveries(world(), {
      workspaceId: ws(),
      stream: `modules/${module.moduleKey}`,
      count: 1,
      installationIds: [module.installationId],
      kind: 'action',
    });
    running.push(await startRuntime(world()));
    await waitFor(
      async () => (await deliveryOf(actionId, module.installationId)).state === 'delivered',
    );
    await waitFor(
      async () => (await deliveryOf(eventId, module.installationId)).state === 'skipped',
    );
    expect(await deliveryOf(eventId, module.installationId)).toMatchObject({
      skip_reason: 'installation_not_enabled',
      attempts: 0,
    });
    expect(receiver.received.some((r) => envelopeOf(r.json).id === eventId)).toBe(false);
  });
});
