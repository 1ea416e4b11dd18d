import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHealthStandIn, type HealthStandIn } from '@aiconnected/modules/testing';
import type { EmitEventResponse } from '@aiconnected/sdk-contracts';
import { setupRoleTreeApiTest, snapshotTables } from '@/server/api/testing';
import {
  apiKeyOf,
  emitAsModule,
  installEnabled,
  registerEventModules,
  type EventModules,
} from './events-test-kit';

// A payload key `__proto__` (JSON.parse keeps it as an own key) is data like any other: stored
// as sent by POST /events and /events/batch, and checked against the declared JSON Schema as
// sent. zod's record parse drops such keys, so before the routes read the payloads as sent an
// event was stored without them, silently.

const kit = setupRoleTreeApiTest();
const { setup, ws, call } = kit;
let targets: HealthStandIn;
/** Declares `{ id: integer }` and allows any other key. */
let open: EventModules;
/** Declares `{ id: integer }` and nothing else (`ITEM_SCHEMA`). */
let closed: EventModules;
let closedKey: string;

beforeAll(async () => {
  targets = await startHealthStandIn();
  open = await registerEventModules(kit, targets, {
    schema: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } },
  });
  closed = await registerEventModules(kit, targets);
  for (const key of [open.emitter, closed.emitter]) {
    await installEnabled(kit, key, 'A1', 'A.agency_admin');
  }
  closedKey = await apiKeyOf(kit, closed.emitter, 'A1', 'A.agency_admin');
});
afterAll(async () => {
  await targets.close();
});

/** A payload with `__proto__` own keys at the top and nested, as JSON.parse builds it. */
const SENT = '{"id":1,"__proto__":{"polluted":true},"nested":{"__proto__":[1,2]}}';

async function storedPayload(eventId: string): Promise<unknown> {
  const { rows } = await setup.database.admin.query<{ payload: string }>(
    'select payload_json::text as payload from public.events where id = $1',
    [eventId],
  );
  return rows[0] && JSON.parse(rows[0].payload);
}

/** The keys of the stored payload and of its `nested`, and their `__proto__` values. */
function shapeOf(payload: unknown) {
  const record = payload as Record<string, unknown>;
  const nested = record.nested as Record<string, unknown>;
  return {
    keys: Object.keys(record).sort(),
    proto: Object.getOwnPropertyDescriptor(record, '__proto__')?.value,
    nestedKeys: Object.keys(nested),
    nestedProto: Object.getOwnPropertyDescriptor(nested, '__proto__')?.value,
  };
}

const SENT_SHAPE = {
  keys: ['__proto__', 'id', 'nested'],
  proto: { polluted: true },
  nestedKeys: ['__proto__'],
  nestedProto: [1, 2],
};

describe('a payload key __proto__', () => {
  it('is stored as sent by a person’s POST /events', async () => {
    const body = {
      event_name: open.eventName,
      workspace_id: ws('A1').id,
      idempotency_key: randomUUID(),
      payload: JSON.parse(SENT) as unknown,
    };
    const response = await call('A.agency_admin', 'POST', '/events', body);
    const text = await response.text();
    expect(response.status, text).toBe(201);
    const { event_id } = JSON.parse(text) as EmitEventResponse;
    expect(shapeOf(await storedPayload(event_id))).toStrictEqual(SENT_SHAPE);
  });

  it('is stored as sent by POST /events/batch', async () => {
    const body = {
      workspace_id: ws('A1').id,
      events: [
        { event_name: open.eventName, idempotency_key: randomUUID(), payload: JSON.parse(SENT) },
      ],
    };
    const response = await call('A.agency_admin', 'POST', '/events/batch', body);
    const text = await response.text();
    expect(response.status, text).toBe(201);
    const { items } = JSON.parse(text) as { items: EmitEventResponse[] };
    expect(shapeOf(await storedPayload(items[0]?.event_id ?? ''))).toStrictEqual(SENT_SHAPE);
  });

  it('is checked as sent: a schema without it refuses it (EVENT_SCHEMA_INVALID), nothing stored', async () => {
    const before = await snapshotTables(setup.database);
    const response = await emitAsModule(kit, closedKey, {
      event_name: closed.eventName,
      idempotency_key: randomUUID(),
      payload: JSON.parse('{"id":1,"__proto__":{"polluted":true}}') as unknown,
    });
    const text = await response.text();
    expect(response.status, text).toBe(422);
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'EVENT_SCHEMA_INVALID' } });
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
  });
});
