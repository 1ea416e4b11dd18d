import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHealthStandIn, type HealthStandIn } from '@aiconnected/modules/testing';
import type { EmitEventsResponse } from '@aiconnected/sdk-contracts';
import { createEventEmitLimiter } from '@/server/api/guard/rate-limits';
import {
  as,
  createTestApi,
  expectError,
  setupRoleTreeApiTest,
  snapshotTables,
} from '@/server/api/testing';
import {
  apiKeyOf,
  installEnabled,
  registerEventModules,
  type EventModules,
} from './events-test-kit';

// POST /api/events/batch on real Postgres (docs/events.md "Batch emit"): one transaction in
// request order, idempotent re-send, all or none with the failing index, the body cap, the
// 100-event cap, the module's workspace binding, the rate limit counting each event.

const kit = setupRoleTreeApiTest();
const { setup, ws, call } = kit;
let targets: HealthStandIn;
let modules: EventModules;
let apiKey: string;

beforeAll(async () => {
  targets = await startHealthStandIn();
  modules = await registerEventModules(kit, targets);
  await installEnabled(kit, modules.emitter, 'A1', 'A.agency_admin');
  await installEnabled(kit, modules.consumer, 'A1', 'A.agency_admin');
  apiKey = await apiKeyOf(kit, modules.emitter, 'A1', 'A.agency_admin');
});
afterAll(async () => {
  await targets.close();
});

const events = (count: number, stream = `s-${randomUUID().slice(0, 8)}`) =>
  Array.from({ length: count }, (_, id) => ({
    event_name: modules.eventName,
    payload: { id },
    idempotency_key: `${stream}-${id}`,
    stream,
  }));

const batchAsModule = (body: unknown, key = apiKey) =>
  setup.api.request('/api/events/batch', as(key, 'POST', body));

async function json<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

describe('POST /api/events/batch', () => {
  it('stores a module’s events in request order with consecutive sequences (201); sent again, 200 all duplicate', async () => {
    const body = { events: events(3) };
    const first = await json<EmitEventsResponse>(await batchAsModule(body), 201);
    expect(first.items.map((item) => [item.sequence, item.duplicate])).toStrictEqual([
      ['00000000000000000001', false],
      ['00000000000000000002', false],
      ['00000000000000000003', false],
    ]);
    const { rows } = await setup.database.admin.query<{ id: string; workspace_id: string }>(
      `select id, workspace_id from public.events where id = any($1::uuid[]) order by sequence`,
      [first.items.map((item) => item.event_id)],
    );
    expect(rows).toStrictEqual(
      first.items.map((item) => ({ id: item.event_id, workspace_id: ws('A1').id })),
    );
    const { rows: deliveries } = await setup.database.admin.query(
      `select count(*)::int as n from public.event_deliveries where event_id = any($1::uuid[])`,
      [first.items.map((item) => item.event_id)],
    );
    expect(deliveries).toStrictEqual([{ n: 3 }]);
    const before = await snapshotTables(setup.database);
    const again = await json<EmitEventsResponse>(await batchAsModule(body), 200);
    expect(again.items).toStrictEqual(first.items.map((item) => ({ ...item, duplicate: true })));
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
  });

  it('a person with events.manage emits a batch in the workspace it names', async () => {
    const response = await call('A.agency_admin', 'POST', '/events/batch', {
      events: events(2),
      workspace_id: ws('A1').id,
    });
    const answer = await json<EmitEventsResponse>(response, 201);
    expect(answer.items).toHaveLength(2);
  });

  it('all or none: a bad event refuses the batch with its index, nothing stored', async () => {
    const before = await snapshotTables(setup.database);
    const bad: unknown[] = events(4).map((event, index) =>
      index === 2 ? { ...event, payload: { id: 'two' } } : event,
    );
    await expectError(await batchAsModule({ events: bad }), 'EVENT_SCHEMA_INVALID', {
      errors: [{ path: '/id', message: expect.any(String) }],
      index: 2,
    });
    const undeclared = events(2).map((event, index) =>
      index === 1 ? { ...event, event_name: `${modules.emitter}.item.deleted` } : event,
    );
    await expectError(
      await batchAsModule({ events: undeclared }),
      'EVENT_SCHEMA_INVALID',
      { reason: 'undeclared', event_name: `${modules.emitter}.item.deleted`, index: 1 },
      'The emitter does not declare this event: no module enabled here lists it in events.emits.',
    );
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
  });

  it('a module key naming another workspace is WORKSPACE_FORBIDDEN, nothing stored', async () => {
    const before = await snapshotTables(setup.database);
    const response = await batchAsModule({ events: events(2), workspace_id: ws('B1').id });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'WORKSPACE_FORBIDDEN',
    );
    await expectError(
      await call('B1.business_admin', 'POST', '/events/batch', {
        events: events(1),
        workspace_id: ws('A1').id,
      }),
      'WORKSPACE_FORBIDDEN',
      // Refused at the first event's check.
      { workspace_id: ws('A1').id, index: 0 },
    );
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
  });

  it('refuses 0 and 101 events, an unknown key (422) and a body over 1 MiB (413), nothing stored', async () => {
    const before = await snapshotTables(setup.database);
    for (const [count, message] of [
      [0, expect.stringMatching(/>=1/)],
      [101, expect.stringMatching(/<=100/)],
    ] as const) {
      await expectError(await batchAsModule({ events: events(count) }), 'VALIDATION_BLOCKING', {
        issues: [{ path: 'body.events', message }],
      });
    }
    await expectError(
      await batchAsModule({ events: [{ ...events(1)[0], surprise: 1 }] }),
      'VALIDATION_BLOCKING',
      { issues: [{ path: 'body.events.0', message: expect.stringContaining('surprise') }] },
    );
    // 20 events of 60 KiB: each within its 64 KiB, together over the body cap.
    const oversized = events(20).map((event) => ({
      ...event,
      payload: { id: 1, filler: 'x'.repeat(60 * 1024) },
    }));
    const text = JSON.stringify({ events: oversized });
    const tooLarge = await setup.api.request('/api/events/batch', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${apiKey}`,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(text)),
      },
      body: text,
    });
    await expectError(tooLarge, 'PAYLOAD_TOO_LARGE', { max_bytes: 1024 * 1024 });
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
  });

  it('the rate limit counts each event of a batch', async () => {
    const limited = createTestApi(setup.database.db, {
      eventEmitLimiter: createEventEmitLimiter(setup.database.db.pool, {
        perModule: 5,
        perUser: 1,
      }),
    });
    const post = (body: unknown) =>
      limited.api.request('/api/events/batch', as(apiKey, 'POST', body));
    expect((await post({ events: events(3) })).status).toBe(201);
    const before = await snapshotTables(setup.database);
    // 3 + 3 > 5: refused as a whole, though one request.
    const refused = await post({ events: events(3) });
    expect(refused.status, await refused.clone().text()).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    await expectError(refused, 'RATE_LIMITED', { retry_after_seconds: expect.any(Number) });
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
    await limited.deps.sessionCache.close();
  });
});
