import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { emitEvents, type EmitBatchInput, type EventProducer } from '../../src';
import { actorOf, cid, failure, setupOpsDatabase, snapshot } from '../operations/support';
import { deliveriesOf, install, principalOf, registerModule } from './support';

// Batch emit on real Postgres with RLS (docs/events.md "Batch emit"): one transaction, request
// order, all or none, idempotent re-send, the single emit's checks per event.

const world = setupOpsDatabase();

let emitter: string;
let installation: string;
let thing: string;
let subscriber: string;

beforeAll(async () => {
  const w = world();
  emitter = await registerModule(w, 'bat', {
    emits: {
      'thing.happened': {
        type: 'object',
        required: ['id'],
        properties: { id: { type: 'integer' } },
        additionalProperties: false,
      },
    },
  });
  thing = `${emitter}.thing.happened`;
  installation = await install(w, emitter, 'A1');
  const consumer = await registerModule(w, 'bsub', { consumes: [thing] });
  subscriber = await install(w, consumer, 'A1');
});

const moduleProducer = (): EventProducer => ({
  kind: 'module',
  installation: principalOf(world(), emitter, installation, 'A1'),
});

function items(count: number, stream: string, overrides: Partial<EmitBatchInput> = {}) {
  return Array.from({ length: count }, (_, index): EmitBatchInput => ({
    workspaceId: world().tree.workspaces.A1.id,
    eventName: thing,
    payload: { id: index },
    idempotencyKey: `${stream}-${index}`,
    correlationId: cid('batch'),
    stream,
    ...overrides,
  }));
}

async function streamRows(stream: string) {
  const { rows } = await world().test.admin.query<{ id: string; sequence: string; n: number }>(
    `select e.id, e.sequence::text, (e.payload_json->>'id')::int as n
       from public.events e where e.stream = $1 order by e.sequence`,
    [stream],
  );
  return rows;
}

describe('emitEvents', () => {
  it('stores the events in request order, consecutive sequences per stream, each fanned out', async () => {
    const [s1, s2] = [`b-${randomUUID()}`, `b-${randomUUID()}`];
    const [a, b] = [items(3, s1), items(2, s2)];
    // Interleaved: s1 #0, s2 #0, s1 #1, s1 #2, s2 #1.
    const batch = [a[0], b[0], a[1], a[2], b[1]] as EmitBatchInput[];
    const results = await emitEvents(world().test.db, moduleProducer(), batch);
    expect(results.map((r) => [r.sequence.replace(/^0+/, ''), r.duplicate])).toStrictEqual([
      ['1', false],
      ['1', false],
      ['2', false],
      ['3', false],
      ['2', false],
    ]);
    expect(results.every((r) => r.deliveryState === 'pending')).toBe(true);
    const rows1 = await streamRows(s1);
    expect(rows1.map((r) => [r.sequence, r.n])).toStrictEqual([
      ['1', 0],
      ['2', 1],
      ['3', 2],
    ]);
    expect(rows1.map((r) => r.id)).toStrictEqual(
      [results[0], results[2], results[3]].map((r) => r?.eventId),
    );
    expect((await streamRows(s2)).map((r) => r.id)).toStrictEqual(
      [results[1], results[4]].map((r) => r?.eventId),
    );
    for (const result of results) {
      expect(
        (await deliveriesOf(world(), result.eventId)).map((d) => d.installation_id),
      ).toStrictEqual([subscriber]);
    }
  });

  it('concurrent batches naming the same streams in opposite orders both commit (no deadlock)', async () => {
    const [s1, s2] = [`b-${randomUUID()}`, `b-${randomUUID()}`];
    const interleave = (first: string, second: string, round: number) =>
      items(6, first, { idempotencyKey: '' }).flatMap((event, index) => [
        { ...event, idempotencyKey: `${first}-${round}-${first < second}-${index}` },
        {
          ...event,
          stream: second,
          idempotencyKey: `${second}-${round}-${first < second}-${index}`,
        },
      ]);
    for (let round = 0; round < 4; round += 1) {
      await Promise.all([
        emitEvents(world().test.db, moduleProducer(), interleave(s1, s2, round)),
        emitEvents(world().test.db, moduleProducer(), interleave(s2, s1, round)),
      ]);
    }
    for (const stream of [s1, s2]) {
      const rows = await streamRows(stream);
      expect(rows.map((row) => row.sequence)).toStrictEqual(
        Array.from({ length: 48 }, (_, index) => String(index + 1)),
      );
    }
  });

  it('a batch and single emits racing on one stream: 1..n, no gap, no duplicate', async () => {
    const stream = `b-${randomUUID()}`;
    const singles = items(10, stream).map((event, index) => ({
      ...event,
      idempotencyKey: `${stream}-single-${index}`,
    }));
    await Promise.all([
      emitEvents(world().test.db, moduleProducer(), items(20, stream)),
      ...singles.map((event) => emitEvents(world().test.db, moduleProducer(), [event])),
      emitEvents(
        world().test.db,
        moduleProducer(),
        items(20, stream).map((event) => ({
          ...event,
          idempotencyKey: `${event.idempotencyKey}-b`,
        })),
      ),
    ]);
    expect((await streamRows(stream)).map((row) => row.sequence)).toStrictEqual(
      Array.from({ length: 50 }, (_, index) => String(index + 1)),
    );
  });

  it('a key twice in one batch: the second answers the first event; other content is CONFLICT', async () => {
    const stream = `b-${randomUUID()}`;
    const batch = items(3, stream);
    const repeated = { ...(batch[0] as EmitBatchInput) };
    const results = await emitEvents(world().test.db, moduleProducer(), [
      ...batch.slice(0, 2),
      repeated,
      ...batch.slice(2),
    ]);
    expect(results.map((r) => [r.sequence.replace(/^0+/, ''), r.duplicate])).toStrictEqual([
      ['1', false],
      ['2', false],
      ['1', true],
      ['3', false],
    ]);
    expect(results[2]?.eventId).toBe(results[0]?.eventId);
    expect((await streamRows(stream)).map((row) => [row.sequence, row.n])).toStrictEqual([
      ['1', 0],
      ['2', 1],
      ['3', 2],
    ]);
    expect(await deliveriesOf(world(), results[0]?.eventId ?? '')).toHaveLength(1);
    // Sent again: every answer a duplicate of its key's first event, nothing stored.
    const before0 = await snapshot(world());
    const again = await emitEvents(world().test.db, moduleProducer(), [
      ...batch.slice(0, 2),
      repeated,
      ...batch.slice(2),
    ]);
    expect(again).toStrictEqual(results.map((result) => ({ ...result, duplicate: true })));
    expect(await snapshot(world())).toBe(before0);

    const other = `b-${randomUUID()}`;
    const before = await snapshot(world());
    const clash = items(3, other);
    clash[2] = { ...(clash[0] as EmitBatchInput), payload: { id: 7 } };
    expect(await failure(emitEvents(world().test.db, moduleProducer(), clash))).toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'idempotency_key_reused', index: 2 },
    });
    expect(await snapshot(world())).toBe(before);
  });

  it('sent again: the same answers with duplicate true, nothing new stored', async () => {
    const stream = `b-${randomUUID()}`;
    const batch = items(4, stream);
    const first = await emitEvents(world().test.db, moduleProducer(), batch);
    const before = await snapshot(world());
    const again = await emitEvents(world().test.db, moduleProducer(), batch);
    expect(again).toStrictEqual(first.map((result) => ({ ...result, duplicate: true })));
    expect(await snapshot(world())).toBe(before);
  });

  it('all or none: a bad event refuses the batch with its index, the database unchanged', async () => {
    const stream = `b-${randomUUID()}`;
    const before = await snapshot(world());
    const bad = items(5, stream);
    bad[3] = { ...(bad[3] as EmitBatchInput), payload: { id: 'three' } };
    expect(await failure(emitEvents(world().test.db, moduleProducer(), bad))).toStrictEqual({
      code: 'EVENT_SCHEMA_INVALID',
      details: { errors: [{ path: '/id', message: 'must be integer' }], index: 3 },
    });
    // A reused key is found only when stored: still nothing of the batch remains.
    const [stored] = await emitEvents(
      world().test.db,
      moduleProducer(),
      items(1, `b-${randomUUID()}`, { idempotencyKey: `reuse-${stream}` }),
    );
    const before2 = await snapshot(world());
    const reused = items(3, stream);
    reused[2] = {
      ...(reused[2] as EmitBatchInput),
      idempotencyKey: `reuse-${stream}`,
      payload: { id: 99 },
    };
    expect(await failure(emitEvents(world().test.db, moduleProducer(), reused))).toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'idempotency_key_reused', index: 2 },
    });
    expect(await snapshot(world())).toBe(before2);
    expect(stored?.duplicate).toBe(false);
    expect(await streamRows(stream)).toStrictEqual([]);
    expect(before).not.toBe(before2);
  });

  it('a module only in its installation workspace: another one refuses the whole batch', async () => {
    const before = await snapshot(world());
    const batch = items(3, `b-${randomUUID()}`);
    batch[1] = { ...(batch[1] as EmitBatchInput), workspaceId: world().tree.workspaces.B1.id };
    expect(await failure(emitEvents(world().test.db, moduleProducer(), batch))).toMatchObject({
      code: 'WORKSPACE_FORBIDDEN',
      details: { index: 1 },
    });
    expect(await snapshot(world())).toBe(before);
  });

  it('a person: events.manage checked for the batch (a manager is refused at index 0)', async () => {
    const stream = `b-${randomUUID()}`;
    const admin: EventProducer = {
      kind: 'user',
      actor: actorOf(world().tree, 'businessAdminA1', 'A1', 'business_admin'),
    };
    const results = await emitEvents(world().test.db, admin, items(2, stream));
    expect(results.map((r) => r.sequence.replace(/^0+/, ''))).toStrictEqual(['1', '2']);
    const before = await snapshot(world());
    const manager: EventProducer = {
      kind: 'user',
      actor: actorOf(world().tree, 'businessManagerA1', 'A1', 'business_manager'),
    };
    expect(
      await failure(emitEvents(world().test.db, manager, items(2, `b-${randomUUID()}`))),
    ).toStrictEqual({
      code: 'PERMISSION_DENIED',
      details: { required_permission: 'events.manage', index: 0 },
    });
    expect(await snapshot(world())).toBe(before);
  });

  it('refuses an empty batch and one of 101 events (VALIDATION_BLOCKING), storing nothing', async () => {
    const before = await snapshot(world());
    for (const count of [0, 101]) {
      expect(
        await failure(
          emitEvents(world().test.db, moduleProducer(), items(count, `b-${randomUUID()}`)),
        ),
      ).toStrictEqual({
        code: 'VALIDATION_BLOCKING',
        details: { field: 'events', max_items: 100, items: count },
      });
    }
    expect(await snapshot(world())).toBe(before);
  });
});
