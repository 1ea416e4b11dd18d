import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startHealthStandIn, type HealthStandIn } from '@aiconnected/modules/testing';
import type { EmitEventResponse, EventDetailView, EventPage } from '@aiconnected/sdk-contracts';
import {
  createEventEmitLimiter,
  createModuleKeyFailureLimiter,
} from '@/server/api/guard/rate-limits';
import {
  as,
  createTestApi,
  expectError,
  setupRoleTreeApiTest,
  snapshotTables,
} from '@/server/api/testing';
import {
  apiKeyOf,
  emitAsModule,
  installEnabled,
  registerEventModules,
  type EventModules,
} from './events-test-kit';

// POST /api/events on real Postgres (PRD §20.3, §21): a module emitting with its
// installation's API key, a person with events.manage; the contract checks (undeclared name,
// invalid payload, oversized, reserved namespace, duplicate and reused idempotency keys); every
// credential refusal (garbage, another shape, a disabled installation's key); a forged
// workspace; the rate limit. Whole envelopes, and the database unchanged on each refusal.

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

const item = (id: unknown = 1, idempotency_key = randomUUID()) => ({
  event_name: modules.eventName,
  payload: { id },
  idempotency_key,
});

async function json<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

async function deliveriesOf(eventId: string) {
  const { rows } = await setup.database.admin.query<{ module_key: string; state: string }>(
    `select module_key, state from public.event_deliveries where event_id = $1`,
    [eventId],
  );
  return rows;
}

describe('POST /api/events as a module (API key)', () => {
  it('stores the event in its installation’s workspace and queues the consumer’s delivery (201)', async () => {
    const body = { ...item(7), stream: 'items', correlation_id: 'corr-emit-1' };
    const answer = await json<EmitEventResponse>(await emitAsModule(kit, apiKey, body), 201);
    expect(answer).toStrictEqual({
      event_id: expect.any(String),
      delivery_state: 'pending',
      sequence: '00000000000000000001',
      duplicate: false,
    });
    const { rows } = await setup.database.admin.query(
      `select workspace_id, event_name, source, stream, payload_json, correlation_id
         from public.events where id = $1`,
      [answer.event_id],
    );
    expect(rows).toStrictEqual([
      {
        workspace_id: ws('A1').id,
        event_name: modules.eventName,
        source: `/modules/${modules.emitter}`,
        stream: 'items',
        payload_json: { id: 7 },
        correlation_id: 'corr-emit-1',
      },
    ]);
    expect(await deliveriesOf(answer.event_id)).toStrictEqual([
      { module_key: modules.consumer, state: 'pending' },
    ]);
  });

  it('answers a repeated idempotency key with the first event (200), storing nothing; another body with it is CONFLICT', async () => {
    const key = randomUUID();
    const first = await json<EmitEventResponse>(await emitAsModule(kit, apiKey, item(1, key)), 201);
    const before = await snapshotTables(setup.database);
    const again = await json<EmitEventResponse>(await emitAsModule(kit, apiKey, item(1, key)), 200);
    expect(again).toStrictEqual({ ...first, duplicate: true });
    await expectError(
      await emitAsModule(kit, apiKey, item(2, key)),
      'CONFLICT',
      { reason: 'idempotency_key_reused', idempotency_key: key },
      'This idempotency key was used for another event: use a new key for a new event.',
    );
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
  });

  it('refuses what the contract does not allow, whole envelopes, nothing stored', async () => {
    const before = await snapshotTables(setup.database);
    const response = await emitAsModule(kit, apiKey, item('seven'));
    const invalid = (await response.clone().json()) as { error: { details: unknown } };
    await expectError(
      response,
      'EVENT_SCHEMA_INVALID',
      invalid.error.details as Record<string, unknown>,
    );
    expect(invalid.error.details).toMatchObject({
      errors: [{ path: '/id', message: expect.any(String) }],
    });
    const undeclared = await emitAsModule(kit, apiKey, {
      ...item(),
      event_name: `${modules.emitter}.item.deleted`,
    });
    expect(undeclared.status).toBe(422);
    expect(((await undeclared.json()) as { error: { code: string } }).error.code).toBe(
      'EVENT_SCHEMA_INVALID',
    );
    const reserved = await emitAsModule(kit, apiKey, { ...item(), event_name: 'module.enabled' });
    expect(
      ((await reserved.json()) as { error: { details: unknown } }).error.details,
    ).toMatchObject({
      reason: 'reserved_namespace',
    });
    const big = await emitAsModule(kit, apiKey, {
      ...item(),
      payload: { id: 1, filler: 'x'.repeat(70 * 1024) },
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe(
      'PAYLOAD_TOO_LARGE',
    );
    await expectError(
      await emitAsModule(kit, apiKey, { ...item(), surprise: true }),
      'VALIDATION_BLOCKING',
      {
        issues: [{ path: 'body', message: expect.stringContaining('surprise') }],
      },
    );
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
  });

  it('refuses NUL and lone surrogates in the stream and the idempotency key (422, not a database error), nothing stored', async () => {
    const before = await snapshotTables(setup.database);
    const cases = [
      { field: 'stream', value: 's\u0000', message: 'Must not contain control characters' },
      { field: 'stream', value: '\udfff', message: 'Must be valid Unicode text' },
      {
        field: 'idempotency_key',
        value: 'k\u0000',
        message: 'Must not contain control characters',
      },
      { field: 'idempotency_key', value: 'k\ud800', message: 'Must be valid Unicode text' },
    ];
    for (const { field, value, message } of cases) {
      await expectError(
        await emitAsModule(kit, apiKey, { ...item(), [field]: value }),
        'VALIDATION_BLOCKING',
        { issues: [{ path: `body.${field}`, message }] },
      );
    }
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
  });

  it('binds the module to its installation’s workspace: naming another is WORKSPACE_FORBIDDEN', async () => {
    const before = await snapshotTables(setup.database);
    for (const key of ['A2', 'B1'] as const) {
      await expectError(
        await emitAsModule(kit, apiKey, { ...item(), workspace_id: ws(key).id }),
        'WORKSPACE_FORBIDDEN',
      );
    }
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
    expect((await emitAsModule(kit, apiKey, { ...item(), workspace_id: ws('A1').id })).status).toBe(
      201,
    );
  });

  it('refuses bearer garbage, no credential, and the key of a disabled installation', async () => {
    const before = await snapshotTables(setup.database);
    const refusedKey = { reason: 'module_credential' };
    const garbage = ['aicm_', `aicm_${'A'.repeat(43)}`, `aicm_${'é'.repeat(43)}`, `${apiKey}x`];
    for (const key of garbage) {
      await expectError(
        await emitAsModule(kit, key, item()),
        'AUTH_REQUIRED',
        refusedKey,
        'The module API key is unknown, revoked or expired, or its installation is not enabled.',
      );
    }
    await expectError(await emitAsModule(kit, 'not-a-session', item()), 'SESSION_INVALID');
    await expectError(
      await setup.api.request('/api/events', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(item()),
      }),
      'AUTH_REQUIRED',
    );
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
    // Disabled, the installation's key stops working; enabled again, it works again.
    const toggle = (action: 'disable' | 'enable') =>
      call('A.agency_admin', 'POST', `/modules/${modules.emitter}/${action}`, {
        workspace_id: ws('A1').id,
      });
    expect((await toggle('disable')).status).toBe(200);
    const disabled = await snapshotTables(setup.database);
    await expectError(
      await emitAsModule(kit, apiKey, item()),
      'AUTH_REQUIRED',
      refusedKey,
      'The module API key is unknown, revoked or expired, or its installation is not enabled.',
    );
    expect(await snapshotTables(setup.database)).toStrictEqual(disabled);
    expect((await toggle('enable')).status).toBe(200);
    expect((await emitAsModule(kit, apiKey, item())).status).toBe(201);
  });
});

describe('POST /api/events as a person (events.manage)', () => {
  it('emits a name an enabled module declares, in the named workspace, source /users/<id>', async () => {
    const answer = await json<EmitEventResponse>(
      await call('A.agency_admin', 'POST', '/events', { ...item(3), workspace_id: ws('A1').id }),
      201,
    );
    const { rows } = await setup.database.admin.query<{ source: string; workspace_id: string }>(
      'select source, workspace_id from public.events where id = $1',
      [answer.event_id],
    );
    expect(rows).toStrictEqual([
      { source: `/users/${kit.member('A.agency_admin').id}`, workspace_id: ws('A1').id },
    ]);
    // The business's own admin, in its active workspace (the default).
    expect((await call('A1.business_admin', 'POST', '/events', item(4))).status).toBe(201);
  });

  it('refuses the role below, another tenant and a forged workspace; nothing stored', async () => {
    const before = await snapshotTables(setup.database);
    await expectError(
      await call('A1.business_manager', 'POST', '/events', item()),
      'PERMISSION_DENIED',
      {
        required_permission: 'events.manage',
      },
    );
    await expectError(
      await call('B1.business_admin', 'POST', '/events', { ...item(), workspace_id: ws('A1').id }),
      'WORKSPACE_FORBIDDEN',
      { workspace_id: ws('A1').id },
    );
    await expectError(
      await call('A1.business_admin', 'POST', '/events', { ...item(), workspace_id: ws('A').id }),
      'WORKSPACE_FORBIDDEN',
      { workspace_id: ws('A').id },
    );
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
  });
});

describe('the emit rate limit', () => {
  it('is RATE_LIMITED with Retry-After past the budget, per installation and per person, nothing stored', async () => {
    const limited = createTestApi(setup.database.db, {
      eventEmitLimiter: createEventEmitLimiter(setup.database.db.pool, {
        perModule: 2,
        perUser: 1,
      }),
    });
    // The counters live in Postgres, shared with the file's other API: callers with no emit
    // yet (the emitter installed in A2, with its own key; super emitting into A1).
    await installEnabled(kit, modules.emitter, 'A2', 'A.agency_admin');
    const freshKey = await apiKeyOf(kit, modules.emitter, 'A2', 'A.agency_admin');
    const post = (authorization: string, body: unknown) =>
      limited.api.request('/api/events', as(authorization, 'POST', body));
    expect((await post(freshKey, item())).status).toBe(201);
    expect((await post(freshKey, item())).status).toBe(201);
    const before = await snapshotTables(setup.database);
    const refused = await post(freshKey, item());
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    await expectError(refused, 'RATE_LIMITED', { retry_after_seconds: expect.any(Number) });
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
    // The module's budget is its own: a person's is counted apart.
    const token = setup.tokens['S.super_admin'];
    const inA1 = () => ({ ...item(), workspace_id: ws('A1').id });
    expect((await post(token, inA1())).status).toBe(201);
    const after = await snapshotTables(setup.database);
    await expectError(await post(token, inA1()), 'RATE_LIMITED', {
      retry_after_seconds: expect.any(Number),
    });
    expect(await snapshotTables(setup.database)).toStrictEqual(after);
    await limited.deps.sessionCache.close();
  });

  it('counts refused emits too: an undeclared name spends the producer’s own budget (docs/events.md)', async () => {
    const limited = createTestApi(setup.database.db, {
      eventEmitLimiter: createEventEmitLimiter(setup.database.db.pool, {
        perModule: 2,
        perUser: 1,
      }),
    });
    // A caller with no emit yet: the emitter installed in agency B, with its own key.
    await installEnabled(kit, modules.emitter, 'B', 'B.agency_admin');
    const freshKey = await apiKeyOf(kit, modules.emitter, 'B', 'B.agency_admin');
    const post = (body: unknown) => limited.api.request('/api/events', as(freshKey, 'POST', body));
    const undeclared = await post({ ...item(), event_name: `${modules.emitter}.item.deleted` });
    expect(undeclared.status).toBe(422);
    expect(((await undeclared.json()) as { error: { code: string } }).error.code).toBe(
      'EVENT_SCHEMA_INVALID',
    );
    expect((await post(item())).status).toBe(201);
    // Two requests in the budget of 2: the third is refused, though only one was stored.
    await expectError(await post(item()), 'RATE_LIMITED', {
      retry_after_seconds: expect.any(Number),
    });
    await limited.deps.sessionCache.close();
  });
});

describe('refused module keys per client address', () => {
  it('past 2 refused keys an address is RATE_LIMITED, its valid key too; another address is not', async () => {
    const limited = createTestApi(setup.database.db, {
      moduleKeyFailureLimiter: createModuleKeyFailureLimiter(2),
    });
    // Node bindings as the server passes them: the limiter keys on the peer address.
    const post = (key: string, peer: string) =>
      Promise.resolve(
        limited.api.request('/api/events', as(key, 'POST', item()), {
          incoming: { socket: { remoteAddress: peer }, headers: {} },
        }),
      );
    const unknown = () => `aicm_${randomUUID().replaceAll('-', '')}${'x'.repeat(11)}`;
    const refused = async (response: Response) =>
      expectError(
        response,
        'AUTH_REQUIRED',
        { reason: 'module_credential' },
        'The module API key is unknown, revoked or expired, or its installation is not enabled.',
      );
    await refused(await post(unknown(), '198.51.100.7'));
    await refused(await post(unknown(), '198.51.100.7'));
    const before = await snapshotTables(setup.database);
    const limitedAnswer = await post(unknown(), '198.51.100.7');
    expect(limitedAnswer.headers.get('retry-after')).toMatch(/^\d+$/);
    await expectError(limitedAnswer, 'RATE_LIMITED', { retry_after_seconds: expect.any(Number) });
    // Checked before the key is looked up: a valid key from that address waits as well.
    await expectError(await post(apiKey, '198.51.100.7'), 'RATE_LIMITED', {
      retry_after_seconds: expect.any(Number),
    });
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
    // Another address has its own budget; a valid key there emits.
    await refused(await post(unknown(), '198.51.100.8'));
    expect((await post(apiKey, '198.51.100.8')).status).toBe(201);
    await limited.deps.sessionCache.close();
  });
});

describe('GET /api/events and GET /api/events/{event_id}', () => {
  it('pages the workspace’s events newest first with their deliveries; one event with its attempts', async () => {
    const stream = `monitor-${randomUUID().slice(0, 8)}`;
    const ids: string[] = [];
    for (const n of [1, 2]) {
      const answer = await json<EmitEventResponse>(
        await emitAsModule(kit, apiKey, { ...item(n), stream }),
        201,
      );
      ids.push(answer.event_id);
    }
    const page1 = await json<EventPage>(
      await call(
        'A.agency_admin',
        'GET',
        `/events?workspace_id=${ws('A1').id}&stream=${stream}&limit=1`,
      ),
      200,
    );
    expect(page1.items.map((event) => event.id)).toStrictEqual([ids[1]]);
    expect(page1.items[0]).toMatchObject({
      workspace_id: ws('A1').id,
      event_name: modules.eventName,
      source: `/modules/${modules.emitter}`,
      stream,
      sequence: '00000000000000000002',
      payload: { id: 2 },
      deliveries: [{ module_key: modules.consumer, kind: 'event', state: 'pending' }],
    });
    const page2 = await json<EventPage>(
      await call(
        'A1.business_admin',
        'GET',
        `/events?stream=${stream}&limit=1&cursor=${page1.next_cursor ?? ''}`,
      ),
      200,
    );
    expect(page2).toMatchObject({ items: [{ id: ids[0] }], next_cursor: null });

    const detail = await json<EventDetailView>(
      await call('A1.business_admin', 'GET', `/events/${ids[0] ?? ''}?workspace_id=${ws('A1').id}`),
      200,
    );
    expect(detail).toMatchObject({
      id: ids[0],
      deliveries: [{ module_key: modules.consumer, attempts_log: [] }],
    });
  });

  it('refuses the role below, another tenant, another workspace’s event and a foreign cursor', async () => {
    const { event_id: eventId } = await json<EmitEventResponse>(
      await emitAsModule(kit, apiKey, item()),
      201,
    );
    await expectError(
      await call('A1.business_manager', 'GET', `/events?workspace_id=${ws('A1').id}`),
      'PERMISSION_DENIED',
      { required_permission: 'events.manage' },
    );
    await expectError(
      await call('B.agency_admin', 'GET', `/events?workspace_id=${ws('A1').id}`),
      'WORKSPACE_FORBIDDEN',
      { workspace_id: ws('A1').id },
    );
    await expectError(
      await call('B1.business_admin', 'GET', `/events/${eventId}?workspace_id=${ws('B1').id}`),
      'NOT_FOUND',
      undefined,
      'This event does not exist in this workspace.',
    );
    await expectError(
      await call('A1.business_admin', 'GET', `/events?workspace_id=${ws('A1').id}&stream=a%00b`),
      'VALIDATION_BLOCKING',
      { issues: [{ path: 'query.stream', message: 'Must not contain control characters' }] },
    );
    // The shape of a cursor of this list, with a date that does not exist.
    const impossible = Buffer.from(
      JSON.stringify({ l: 'events', v: ['2026-13-45T99:99:99Z', randomUUID()] }),
    ).toString('base64url');
    await expectError(
      await call(
        'A1.business_admin',
        'GET',
        `/events?workspace_id=${ws('A1').id}&cursor=${impossible}`,
      ),
      'VALIDATION_BLOCKING',
      { issues: [{ path: 'query.cursor', message: 'Not a cursor returned by this endpoint' }] },
    );
    await expectError(
      await call('A1.business_admin', 'GET', '/events?cursor=bm90LWEtY3Vyc29y'),
      'VALIDATION_BLOCKING',
      { issues: [{ path: 'query.cursor', message: 'Not a cursor returned by this endpoint' }] },
    );
  });
});

describe('an uninstalled installation’s key and an oversized body', () => {
  it('refuses the key of an uninstalled installation, and a body over the API’s 1 MiB unread', async () => {
    await installEnabled(kit, modules.emitter, 'B1', 'B.agency_admin');
    const key = await apiKeyOf(kit, modules.emitter, 'B1', 'B.agency_admin');
    expect((await emitAsModule(kit, key, item())).status).toBe(201);
    for (const action of ['disable', 'uninstall']) {
      const response = await call(
        'B.agency_admin',
        action === 'disable' ? 'POST' : 'DELETE',
        `/modules/${modules.emitter}/${action}`,
        { workspace_id: ws('B1').id },
      );
      expect(response.status, await response.clone().text()).toBe(200);
    }
    const before = await snapshotTables(setup.database);
    await expectError(
      await emitAsModule(kit, key, item()),
      'AUTH_REQUIRED',
      { reason: 'module_credential' },
      'The module API key is unknown, revoked or expired, or its installation is not enabled.',
    );
    const huge = await emitAsModule(kit, apiKey, {
      ...item(),
      payload: { id: 1, filler: 'x'.repeat(1024 * 1024 + 1) },
    });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: { code: string } }).error.code).toBe(
      'PAYLOAD_TOO_LARGE',
    );
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
  });
});

describe('emits keep this process’s session cache (docs/identity.md “This process’s own writes”)', () => {
  it('POST /events and /events/batch, by a module or a person, do not clear it; another write does', async () => {
    const clear = vi.spyOn(setup.deps.sessionCache, 'clear');
    try {
      expect((await emitAsModule(kit, apiKey, item())).status).toBe(201);
      const batch = await setup.api.request(
        '/api/events/batch',
        as(apiKey, 'POST', { events: [item(), item()] }),
      );
      expect(batch.status, await batch.clone().text()).toBe(201);
      expect((await call('A1.business_admin', 'POST', '/events', item())).status).toBe(201);
      expect(clear).not.toHaveBeenCalled();
      // The spy sees a write that does clear: a switch (to the workspace already active).
      const switched = await call('A1.business_admin', 'POST', '/workspaces/switch', {
        workspace_id: ws('A1').id,
      });
      expect(switched.status, await switched.clone().text()).toBe(200);
      expect(clear).toHaveBeenCalledTimes(1);
    } finally {
      clear.mockRestore();
    }
  });
});
