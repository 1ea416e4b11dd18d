import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHealthStandIn, type HealthStandIn } from '@aiconnected/modules/testing';
import type { DeadLetterPage, EventSubscriptionView } from '@aiconnected/sdk-contracts';
import {
  auditRow,
  auditRowsOf,
  correlationIdOf,
  expectError,
  setupRoleTreeApiTest,
  snapshotTables,
  type TreeKey,
} from '@/server/api/testing';
import { registerEventModules, type EventModules } from './events-test-kit';

// The dead letter, retry, skip, replay, subscriptions and resume over HTTP on real Postgres
// (PRD §21, §25.2): deliveries as the delivery runtime leaves them (dead-lettered after its
// last attempt, an endpoint disabled after a 410), operated by the workspace's admins and its
// agency's, refused to the role below and to the other tenant; whole envelopes, the database
// unchanged on each refusal, the audit row with each change.

const kit = setupRoleTreeApiTest();
const { setup, ws, call, member } = kit;
let targets: HealthStandIn;
let modules: EventModules;
const installations = {} as Record<'A1' | 'B1', string>;

beforeAll(async () => {
  targets = await startHealthStandIn();
  modules = await registerEventModules(kit, targets);
  // Enabled installations as install and enable leave them (their routes have their own tests).
  for (const key of ['A1', 'B1'] as const) {
    const { rows } = await setup.database.admin.query<{ id: string }>(
      `insert into public.module_installations (workspace_id, module_key, module_version, state)
       values ($1, $2, '1.0.0', 'enabled') returning id`,
      [ws(key).id, modules.consumer],
    );
    installations[key] = rows[0]?.id ?? '';
  }
});
afterAll(async () => {
  await targets.close();
});

/** An event on `stream` with a delivery to the consumer in `state`, as the runtime leaves it. */
async function delivery(key: 'A1' | 'B1', state: string, stream = 'orders'): Promise<string> {
  const { rows } = await setup.database.admin.query<{ id: string }>(
    `with e as (
       insert into public.events (workspace_id, event_name, source, stream, payload_json,
                                  correlation_id, idempotency_key)
       values ($1, $2, '/shell', $3, '{"id": 1}', 'test-ops', gen_random_uuid()::text)
       returning id, workspace_id, stream, sequence)
     insert into public.event_deliveries
       (event_id, workspace_id, installation_id, module_key, kind, stream, sequence, state,
        attempts, last_status, dead_lettered_at, delivered_at)
     select e.id, e.workspace_id, $4, $5, 'event', e.stream, e.sequence, $6,
            case when $6 = 'pending' then 0 else 8 end,
            case when $6 = 'dead_letter' then 503 when $6 = 'delivered' then 204 end,
            case when $6 = 'dead_letter' then clock_timestamp() end,
            case when $6 = 'delivered' then now() end
       from e returning id`,
    [ws(key).id, modules.eventName, stream, installations[key], modules.consumer, state],
  );
  return rows[0]?.id ?? '';
}

const id = (key: TreeKey) => ws(key).id;

describe('GET /api/events/dead-letter', () => {
  it('lists the workspace’s dead letters to its admins and its agency’s, not the role below nor the other tenant', async () => {
    const dead = await delivery('A1', 'dead_letter', 'dl-list');
    await delivery('B1', 'dead_letter', 'dl-list');
    for (const who of ['A1.business_admin', 'A.agency_admin', 'S.super_admin'] as const) {
      const response = await call(
        who,
        'GET',
        `/events/dead-letter?workspace_id=${id('A1')}&limit=100`,
      );
      const text = await response.text();
      expect(response.status, text).toBe(200);
      const page = JSON.parse(text) as DeadLetterPage;
      expect(page.items.map((item) => item.id)).toContain(dead);
      expect(page.items.every((item) => item.module_key === modules.consumer)).toBe(true);
    }
    await expectError(
      await call('A1.business_manager', 'GET', `/events/dead-letter?workspace_id=${id('A1')}`),
      'PERMISSION_DENIED',
      { required_permission: 'events.manage' },
    );
    await expectError(
      await call('B.agency_admin', 'GET', `/events/dead-letter?workspace_id=${id('A1')}`),
      'WORKSPACE_FORBIDDEN',
      { workspace_id: id('A1') },
    );
    await expectError(
      await call(
        'A.agency_admin',
        'GET',
        `/events/dead-letter?workspace_id=${id('A1')}&cursor=abc`,
      ),
      'VALIDATION_BLOCKING',
      { issues: [{ path: 'query.cursor', message: 'Not a cursor returned by this endpoint' }] },
    );
    // This list's cursor shape with a date that does not exist (Postgres would refuse it).
    const impossible = Buffer.from(
      JSON.stringify({
        l: 'event-dead-letter',
        v: ['2026-13-45T99:99:99Z', '00000000-0000-4000-8000-000000000000'],
      }),
    ).toString('base64url');
    await expectError(
      await call(
        'A.agency_admin',
        'GET',
        `/events/dead-letter?workspace_id=${id('A1')}&cursor=${impossible}`,
      ),
      'VALIDATION_BLOCKING',
      { issues: [{ path: 'query.cursor', message: 'Not a cursor returned by this endpoint' }] },
    );
  });
});

describe('POST /api/events/deliveries/{id}/retry and /skip', () => {
  it('retries a dead letter (audited), then refuses a second retry as CONFLICT', async () => {
    const dead = await delivery('A1', 'dead_letter');
    const response = await call('A1.business_admin', 'POST', `/events/deliveries/${dead}/retry`, {
      workspace_id: id('A1'),
    });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ id: dead, state: 'pending', attempts: 0 });
    expect(await auditRowsOf(setup.database, correlationIdOf(response))).toStrictEqual([
      auditRow({
        workspace: id('A1'),
        actor: member('A1.business_admin').id,
        action: 'events.delivery_retry',
        target: { type: 'event_delivery', id: dead },
        metadata: {
          event_id: expect.any(String),
          event_name: modules.eventName,
          module_key: modules.consumer,
          state: { from: 'dead_letter', to: 'pending' },
        },
      }),
    ]);
    const before = await snapshotTables(setup.database);
    await expectError(
      await call('A1.business_admin', 'POST', `/events/deliveries/${dead}/retry`, {
        workspace_id: id('A1'),
      }),
      'CONFLICT',
      { reason: 'state', state: 'pending' },
      'Only a dead-lettered delivery can be retried; this one is pending.',
    );
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
  });

  it('skips a dead letter as the agency admin (audited)', async () => {
    const dead = await delivery('A1', 'dead_letter');
    const response = await call('A.agency_admin', 'POST', `/events/deliveries/${dead}/skip`, {
      workspace_id: id('A1'),
    });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ id: dead, state: 'skipped', skip_reason: 'admin' });
    expect(
      (await auditRowsOf(setup.database, correlationIdOf(response))).map((row) => row.action),
    ).toStrictEqual(['events.delivery_skip']);
  });

  it('refuses the role below, the other tenant, the other tenant’s delivery, unknown keys and bad ids; nothing changes', async () => {
    const ours = await delivery('A1', 'dead_letter');
    const theirs = await delivery('B1', 'dead_letter');
    const before = await snapshotTables(setup.database);
    for (const action of ['retry', 'skip']) {
      const at = (deliveryId: string) => `/events/deliveries/${deliveryId}/${action}`;
      await expectError(
        await call('A1.business_manager', 'POST', at(ours), { workspace_id: id('A1') }),
        'PERMISSION_DENIED',
        { required_permission: 'events.manage' },
      );
      await expectError(
        await call('B.agency_admin', 'POST', at(ours), { workspace_id: id('A1') }),
        'WORKSPACE_FORBIDDEN',
        { workspace_id: id('A1') },
      );
      // Its own workspace with A's delivery, A's workspace with B's: as if it did not exist.
      await expectError(
        await call('B.agency_admin', 'POST', at(ours), { workspace_id: id('B1') }),
        'NOT_FOUND',
        { delivery_id: ours },
        'This delivery does not exist in this workspace.',
      );
      await expectError(
        await call('A.agency_admin', 'POST', at(theirs), { workspace_id: id('A1') }),
        'NOT_FOUND',
        { delivery_id: theirs },
        'This delivery does not exist in this workspace.',
      );
      await expectError(
        await call('A.agency_admin', 'POST', at(ours), { workspace_id: id('A1'), force: true }),
        'VALIDATION_BLOCKING',
        { issues: [{ path: 'body', message: expect.stringContaining('force') }] },
      );
      await expectError(
        await call('A.agency_admin', 'POST', at('not-a-uuid'), { workspace_id: id('A1') }),
        'VALIDATION_BLOCKING',
        { issues: [{ path: 'path.delivery_id', message: expect.any(String) }] },
      );
    }
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
  });
});

describe('POST /api/events/replay', () => {
  it('replays a stream (audited with the count), refuses no filter, a module or stream the workspace does not have, the role below and the other tenant', async () => {
    const stream = 'replayed';
    await delivery('A1', 'delivered', stream);
    await delivery('A1', 'dead_letter', stream);
    await delivery('A1', 'pending', stream);
    const response = await call('A1.business_admin', 'POST', '/events/replay', {
      workspace_id: id('A1'),
      stream,
    });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    expect(JSON.parse(text)).toStrictEqual({ replayed: 2 });
    expect(await auditRowsOf(setup.database, correlationIdOf(response))).toStrictEqual([
      auditRow({
        workspace: id('A1'),
        actor: member('A1.business_admin').id,
        action: 'events.replay',
        target: { type: 'workspace', id: id('A1') },
        metadata: { module_key: null, stream, from: null, to: null, replayed: 2 },
      }),
    ]);
    // A module installed only in the other tenant's workspace, one installed nowhere, a stream
    // with events only there: NOT_FOUND, not a replay of nothing with its audit row.
    await delivery('B1', 'delivered', 'theirs-only');
    const beforeUnknown = await snapshotTables(setup.database);
    for (const moduleKey of ['never-installed', modules.emitter]) {
      await expectError(
        await call('A1.business_admin', 'POST', '/events/replay', {
          workspace_id: id('A1'),
          module_key: moduleKey,
          stream,
        }),
        'NOT_FOUND',
        { module_key: moduleKey },
        'This module is not installed in this workspace.',
      );
    }
    await expectError(
      await call('A1.business_admin', 'POST', '/events/replay', {
        workspace_id: id('A1'),
        stream: 'theirs-only',
      }),
      'NOT_FOUND',
      { stream: 'theirs-only' },
      'This stream has no events in this workspace.',
    );
    expect(await snapshotTables(setup.database)).toStrictEqual(beforeUnknown);
    const before = await snapshotTables(setup.database);
    await expectError(
      await call('A1.business_admin', 'POST', '/events/replay', { workspace_id: id('A1') }),
      'VALIDATION_BLOCKING',
      { issues: [{ path: 'body.stream', message: 'Name a stream or a from/to range' }] },
    );
    for (const [bad, message] of [
      ['a\u0000b', 'Must not contain control characters'],
      ['\ud800', 'Must be valid Unicode text'],
    ] as const) {
      await expectError(
        await call('A1.business_admin', 'POST', '/events/replay', {
          workspace_id: id('A1'),
          stream: bad,
        }),
        'VALIDATION_BLOCKING',
        { issues: [{ path: 'body.stream', message }] },
      );
    }
    await expectError(
      await call('A1.business_manager', 'POST', '/events/replay', {
        workspace_id: id('A1'),
        stream,
      }),
      'PERMISSION_DENIED',
      { required_permission: 'events.manage' },
    );
    await expectError(
      await call('B1.business_admin', 'POST', '/events/replay', { workspace_id: id('A1'), stream }),
      'WORKSPACE_FORBIDDEN',
      { workspace_id: id('A1') },
    );
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
  });
});

describe('GET /api/events/subscriptions and POST /api/events/subscriptions/{key}/resume', () => {
  it('shows a disabled endpoint and resumes it (audited); a second resume is CONFLICT', async () => {
    await setup.database.admin.query(
      `update public.module_installations
          set webhooks_disabled_at = now(), webhooks_disabled_reason = 'endpoint_gone' where id = $1`,
      [installations.B1],
    );
    const listed = await call(
      'B1.business_admin',
      'GET',
      `/events/subscriptions?workspace_id=${id('B1')}`,
    );
    const list = (await listed.json()) as { items: EventSubscriptionView[] };
    expect(list.items.find((item) => item.module_key === modules.consumer)).toMatchObject({
      installation_id: installations.B1,
      consumes: [modules.eventName],
      events_path: '/webhooks/events',
      endpoint: 'disabled',
      disabled_reason: 'endpoint_gone',
    });
    const resumed = await call(
      'B.agency_admin',
      'POST',
      `/events/subscriptions/${modules.consumer}/resume`,
      { workspace_id: id('B1'), redeliver_skipped: true },
    );
    const text = await resumed.text();
    expect(resumed.status, text).toBe(200);
    expect(JSON.parse(text)).toMatchObject({
      endpoint: 'active',
      disabled_reason: null,
      redelivered: 0,
    });
    expect(
      (await auditRowsOf(setup.database, correlationIdOf(resumed))).map((row) => row.action),
    ).toStrictEqual(['events.endpoint_resume']);
    const before = await snapshotTables(setup.database);
    await expectError(
      await call('B.agency_admin', 'POST', `/events/subscriptions/${modules.consumer}/resume`, {
        workspace_id: id('B1'),
      }),
      'CONFLICT',
      { reason: 'endpoint_active' },
      "This module's webhook endpoint is already active.",
    );
    await expectError(
      await call('A.agency_admin', 'POST', `/events/subscriptions/${modules.consumer}/resume`, {
        workspace_id: id('B1'),
      }),
      'WORKSPACE_FORBIDDEN',
      { workspace_id: id('B1') },
    );
    await expectError(
      await call('B1.business_manager', 'GET', `/events/subscriptions?workspace_id=${id('B1')}`),
      'PERMISSION_DENIED',
      { required_permission: 'events.manage' },
    );
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
  });
});
