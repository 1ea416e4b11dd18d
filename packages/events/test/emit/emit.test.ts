import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { emitEvent, type EmitEventInput, type EventProducer } from '../../src';
import { actorOf, cid, failure, setupOpsDatabase, snapshot } from '../operations/support';
import { deliveriesOf, install, principalOf, registerModule } from './support';

// Emit on real Postgres with RLS (docs/events.md "Emit"): who may emit what, the declared
// schema, size, idempotency, the per-stream sequence and the fan-out to subscribers.

const world = setupOpsDatabase();

const THING_SCHEMA = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } },
  additionalProperties: false,
};

let emitter: string;
let emitterInstallation: string;
let thing: string;
let lonely: string;
const subscribers: Record<string, string> = {};

beforeAll(async () => {
  const w = world();
  emitter = await registerModule(w, 'em', {
    emits: { 'thing.happened': THING_SCHEMA, 'lonely.thing': { type: 'object' } },
  });
  thing = `${emitter}.thing.happened`;
  lonely = `${emitter}.lonely.thing`;
  emitterInstallation = await install(w, emitter, 'A1');
  // Who consumes `thing` where: only the first gets a delivery.
  const enabled = await registerModule(w, 'sub', { consumes: [thing] });
  subscribers.enabled = await install(w, enabled, 'A1');
  const installedOnly = await registerModule(w, 'sub', { consumes: [thing] });
  subscribers.installedOnly = await install(w, installedOnly, 'A1', 'installed');
  const elsewhere = await registerModule(w, 'sub', { consumes: [thing] });
  subscribers.elsewhere = await install(w, elsewhere, 'A2');
  const gone = await registerModule(w, 'sub', { consumes: [thing] });
  subscribers.gone = await install(w, gone, 'A1');
  await w.test.admin.query(
    `update public.module_installations
        set webhooks_disabled_at = now(), webhooks_disabled_reason = 'endpoint_gone' where id = $1`,
    [subscribers.gone],
  );
  const other = await registerModule(w, 'sub', { consumes: [`${emitter}.other.thing`] });
  subscribers.other = await install(w, other, 'A1');
});

const moduleProducer = (): EventProducer => ({
  kind: 'module',
  installation: principalOf(world(), emitter, emitterInstallation, 'A1'),
});

function input(overrides: Partial<EmitEventInput> = {}): EmitEventInput {
  return {
    producer: moduleProducer(),
    workspaceId: world().tree.workspaces.A1.id,
    eventName: thing,
    payload: { id: 1 },
    idempotencyKey: randomUUID(),
    correlationId: cid('emit'),
    ...overrides,
  };
}

async function eventRows(key: string) {
  const { rows } = await world().test.admin.query<{
    id: string;
    source: string;
    stream: string;
    sequence: string;
    delivery_state: string;
    payload_json: unknown;
    correlation_id: string;
  }>(
    `select id, source, stream, sequence::text, delivery_state, payload_json, correlation_id
       from public.events where idempotency_key = $1`,
    [key],
  );
  return rows;
}

describe('a module emits', () => {
  it('a declared event: stored once, fanned out to the enabled subscribers with an events path only', async () => {
    const call = input({ stream: `s-${randomUUID()}`, payload: { id: 7, tags: ['a'] } });
    const result = await emitEvent(world().test.db, call);
    expect(result).toStrictEqual({
      eventId: expect.any(String),
      deliveryState: 'pending',
      sequence: '00000000000000000001',
      duplicate: false,
    });
    expect(await eventRows(call.idempotencyKey)).toStrictEqual([
      {
        id: result.eventId,
        source: `/modules/${emitter}`,
        stream: call.stream,
        sequence: '1',
        delivery_state: 'pending',
        payload_json: { id: 7, tags: ['a'] },
        correlation_id: call.correlationId,
      },
    ]);
    const deliveries = await deliveriesOf(world(), result.eventId);
    expect(deliveries).toStrictEqual([
      {
        installation_id: subscribers.enabled,
        module_key: expect.stringMatching(/^sub-/),
        kind: 'event',
        action: null,
        state: 'pending',
        stream: call.stream,
        sequence: '1',
      },
    ]);
  });

  it('an event nobody consumes is stored as no_subscribers, without deliveries', async () => {
    const call = input({ eventName: lonely, payload: {} });
    const result = await emitEvent(world().test.db, call);
    expect(result.deliveryState).toBe('no_subscribers');
    expect(await deliveriesOf(world(), result.eventId)).toStrictEqual([]);
    expect((await eventRows(call.idempotencyKey))[0]?.delivery_state).toBe('no_subscribers');
  });

  it('refuses an undeclared name, another module namespace and a shell namespace, storing nothing', async () => {
    const before = await snapshot(world());
    for (const [eventName, reason] of [
      [`${emitter}.other.thing`, 'undeclared'],
      ['notes.note.created', 'undeclared'],
      ['module.enabled', 'reserved_namespace'],
      ['workspace.created', 'reserved_namespace'],
    ] as const) {
      expect(
        await failure(emitEvent(world().test.db, input({ eventName }))),
        eventName,
      ).toStrictEqual({ code: 'EVENT_SCHEMA_INVALID', details: { reason, event_name: eventName } });
    }
    expect(await snapshot(world())).toBe(before);
  });

  it('refuses data that fails the declared schema, with JSON Pointer paths', async () => {
    const before = await snapshot(world());
    const cases: Array<[unknown, Array<{ path: string; message: string }>]> = [
      [{ id: 'seven' }, [{ path: '/id', message: 'must be integer' }]],
      [{ id: 1, tags: ['a', 2] }, [{ path: '/tags/1', message: 'must be string' }]],
      [{}, [{ path: '', message: "must have required property 'id'" }]],
      [[1, 2], [{ path: '', message: 'must be object' }]],
    ];
    for (const [payload, errors] of cases) {
      expect(
        await failure(emitEvent(world().test.db, input({ payload }))),
        JSON.stringify(payload),
      ).toStrictEqual({
        code: 'EVENT_SCHEMA_INVALID',
        details: { errors },
      });
    }
    expect(await snapshot(world())).toBe(before);
  });

  it('refuses a payload over 64 KiB (PAYLOAD_TOO_LARGE) and one nested too deep', async () => {
    const before = await snapshot(world());
    const big = { id: 1, tags: ['x'.repeat(70_000)] };
    expect(await failure(emitEvent(world().test.db, input({ payload: big })))).toStrictEqual({
      code: 'PAYLOAD_TOO_LARGE',
      details: { limit_bytes: 65_536, size_bytes: JSON.stringify(big).length },
    });
    let deep: unknown = 1;
    for (let level = 0; level < 70; level++) deep = [deep];
    const refused = await failure(
      emitEvent(world().test.db, input({ payload: { id: 1, tags: deep } })),
    );
    expect(refused).toMatchObject({
      code: 'EVENT_SCHEMA_INVALID',
      details: {
        errors: [
          {
            path: expect.stringMatching(/^\/tags(\/0)+$/),
            message: expect.stringMatching(/deeper than 64/),
          },
        ],
      },
    });
    expect(await snapshot(world())).toBe(before);
  });

  it('only in its installation workspace (WORKSPACE_FORBIDDEN elsewhere)', async () => {
    const before = await snapshot(world());
    expect(
      await failure(
        emitEvent(world().test.db, input({ workspaceId: world().tree.workspaces.B1.id })),
      ),
    ).toMatchObject({ code: 'WORKSPACE_FORBIDDEN' });
    expect(await snapshot(world())).toBe(before);
  });
});

describe('idempotency', () => {
  it('the same key again answers the first event and stores nothing', async () => {
    const call = input({ stream: `s-${randomUUID()}` });
    const first = await emitEvent(world().test.db, call);
    const before = await snapshot(world());
    const again = await emitEvent(world().test.db, { ...call, correlationId: cid('again') });
    expect(again).toStrictEqual({ ...first, duplicate: true });
    expect(await snapshot(world())).toBe(before);
    expect(await eventRows(call.idempotencyKey)).toHaveLength(1);
  });

  it('the same key with another payload, name or stream is CONFLICT and stores nothing', async () => {
    const call = input();
    await emitEvent(world().test.db, call);
    const before = await snapshot(world());
    for (const changed of [
      { payload: { id: 2 } },
      { eventName: lonely, payload: {} },
      { stream: 'another' },
    ]) {
      expect(await failure(emitEvent(world().test.db, { ...call, ...changed }))).toStrictEqual({
        code: 'CONFLICT',
        details: { reason: 'idempotency_key_reused', idempotency_key: call.idempotencyKey },
      });
    }
    expect(await snapshot(world())).toBe(before);
  });

  it('two concurrent emits with one key store one event', async () => {
    const call = input();
    const results = await Promise.all([
      emitEvent(world().test.db, call),
      emitEvent(world().test.db, call),
    ]);
    expect(new Set(results.map((result) => result.eventId)).size).toBe(1);
    expect(results.map((result) => result.duplicate).sort()).toStrictEqual([false, true]);
    expect(await eventRows(call.idempotencyKey)).toHaveLength(1);
  });
});

describe('the sequence', () => {
  it('numbers 50 parallel emits to one stream 1..50 without gaps; another stream starts at 1', async () => {
    const stream = `orders-${randomUUID()}`;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        emitEvent(world().test.db, input({ stream, payload: { id: index } })),
      ),
    );
    expect(results.map((result) => result.sequence).sort()).toStrictEqual(
      Array.from({ length: 50 }, (_, index) => String(index + 1).padStart(20, '0')),
    );
    const other = await emitEvent(world().test.db, input({ stream: `other-${randomUUID()}` }));
    expect(other.sequence).toBe('00000000000000000001');
  });
});

describe('a user emits', () => {
  const userInput = (
    user: Parameters<typeof actorOf>[1],
    ws: 'A1' | 'A2',
    role: Parameters<typeof actorOf>[3],
    overrides: Partial<EmitEventInput> = {},
  ) =>
    input({
      producer: {
        kind: 'user',
        actor: actorOf(world().tree, user, ws === 'A1' ? 'A1' : 'A2', role),
      },
      workspaceId: world().tree.workspaces[ws].id,
      ...overrides,
    });

  it('with events.manage, a name an enabled module declares: source /users/<id>', async () => {
    const call = userInput('businessAdminA1', 'A1', 'business_admin');
    const result = await emitEvent(world().test.db, call);
    expect(result.duplicate).toBe(false);
    const [row] = await eventRows(call.idempotencyKey);
    expect(row?.source).toBe(`/users/${world().tree.users.businessAdminA1.id}`);
    expect(
      (await deliveriesOf(world(), result.eventId)).map((d) => d.installation_id),
    ).toStrictEqual([subscribers.enabled]);
  });

  it('refuses without events.manage, outside its workspaces, undeclared and reserved names', async () => {
    const before = await snapshot(world());
    const tree = world().tree;
    expect(
      await failure(
        emitEvent(world().test.db, userInput('businessManagerA1', 'A1', 'business_manager')),
      ),
    ).toStrictEqual({
      code: 'PERMISSION_DENIED',
      details: { required_permission: 'events.manage' },
    });
    expect(
      await failure(
        emitEvent(
          world().test.db,
          input({
            producer: { kind: 'user', actor: actorOf(tree, 'agencyAdminB', 'B', 'agency_admin') },
          }),
        ),
      ),
    ).toMatchObject({ code: 'WORKSPACE_FORBIDDEN' });
    // The emitter is not installed in A2: nobody there declares the name.
    expect(
      await failure(
        emitEvent(
          world().test.db,
          input({
            producer: { kind: 'user', actor: actorOf(tree, 'agencyAdminA', 'A', 'agency_admin') },
            workspaceId: tree.workspaces.A2.id,
          }),
        ),
      ),
    ).toStrictEqual({
      code: 'EVENT_SCHEMA_INVALID',
      details: { reason: 'undeclared', event_name: thing },
    });
    expect(
      await failure(
        emitEvent(
          world().test.db,
          userInput('businessAdminA1', 'A1', 'business_admin', { eventName: 'module.enabled' }),
        ),
      ),
    ).toStrictEqual({
      code: 'EVENT_SCHEMA_INVALID',
      details: { reason: 'reserved_namespace', event_name: 'module.enabled' },
    });
    expect(
      await failure(
        emitEvent(
          world().test.db,
          userInput('businessAdminA1', 'A1', 'business_admin', { payload: { id: 'x' } }),
        ),
      ),
    ).toStrictEqual({
      code: 'EVENT_SCHEMA_INVALID',
      details: { errors: [{ path: '/id', message: 'must be integer' }] },
    });
    expect(await snapshot(world())).toBe(before);
  });
});

describe('the shell emits', () => {
  it('in its own namespaces, lifecycle data checked against shell-events', async () => {
    const w = world();
    const data = {
      installation_id: emitterInstallation,
      module_key: emitter,
      version: '1.0.0',
      state: 'enabled',
    };
    const call = input({
      producer: { kind: 'shell' },
      eventName: 'module.enabled',
      payload: data,
      stream: `modules/${emitter}`,
    });
    const result = await emitEvent(w.test.db, call);
    expect((await eventRows(call.idempotencyKey))[0]).toMatchObject({
      source: '/shell',
      payload_json: data,
    });
    expect(result.duplicate).toBe(false);
    const before = await snapshot(w);
    expect(
      await failure(
        emitEvent(
          w.test.db,
          input({
            producer: { kind: 'shell' },
            eventName: 'module.enabled',
            payload: { ...data, state: 'on' },
          }),
        ),
      ),
    ).toMatchObject({ code: 'EVENT_SCHEMA_INVALID', details: { errors: [{ path: '/state' }] } });
    await expect(emitEvent(w.test.db, input({ producer: { kind: 'shell' } }))).rejects.toThrow(
      /own namespaces/,
    );
    expect(await snapshot(w)).toBe(before);
  });

  it('every shell-events event has its data checked; a name outside the contract is refused', async () => {
    const w = world();
    const data = {
      membership_id: randomUUID(),
      workspace_id: w.tree.workspaces.A1.id,
      user_id: randomUUID(),
      role_template: 'business_user',
      active: true,
      reason: 'invitation_accepted',
      actor_user_id: randomUUID(),
      invited_by_user_id: null,
    };
    const shell = (eventName: string, payload: unknown) =>
      input({
        producer: { kind: 'shell' },
        eventName,
        payload,
        stream: `memberships/${data.user_id}`,
      });
    const stored = shell('membership.created', data);
    expect((await emitEvent(w.test.db, stored)).duplicate).toBe(false);
    expect((await eventRows(stored.idempotencyKey))[0]).toMatchObject({
      source: '/shell',
      payload_json: data,
    });
    const before = await snapshot(w);
    // Membership data is checked like lifecycle data: an address, an unknown role.
    expect(
      await failure(
        emitEvent(w.test.db, shell('membership.created', { ...data, email: 'a@example.com' })),
      ),
    ).toMatchObject({ code: 'EVENT_SCHEMA_INVALID', details: { errors: [{ path: '' }] } });
    expect(
      await failure(
        emitEvent(w.test.db, shell('membership.role_changed', { ...data, role_template: 'owner' })),
      ),
    ).toMatchObject({
      code: 'EVENT_SCHEMA_INVALID',
      details: { errors: [{ path: '/role_template' }] },
    });
    // Lifecycle data under a membership name is no membership data.
    expect(
      await failure(
        emitEvent(
          w.test.db,
          shell('membership.removed', {
            installation_id: emitterInstallation,
            module_key: emitter,
            version: '1.0.0',
            state: 'enabled',
          }),
        ),
      ),
    ).toMatchObject({ code: 'EVENT_SCHEMA_INVALID' });
    // A shell namespace, but no event of the contract: the shell never emits it.
    await expect(
      emitEvent(w.test.db, shell('workspace.created', { workspace_id: data.workspace_id })),
    ).rejects.toThrow(/shell-events contract/);
    expect(await snapshot(w)).toBe(before);
  });
});
