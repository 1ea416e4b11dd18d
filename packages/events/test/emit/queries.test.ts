import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { emitEvent, listEvents, readEvent, type EmitEventInput } from '../../src';
import { actorOf, cid, failure, setupOpsDatabase } from '../operations/support';
import { install, principalOf, registerModule } from './support';

// The event monitor's reads (docs/events.md "Monitor"): keyset pages of a workspace's events
// with their deliveries, one event with its attempts, never another tenant's.

const world = setupOpsDatabase();
let key: string;
let installationId: string;
const stream = `paged-${randomUUID()}`;
const emitted: string[] = [];
const correlations: string[] = [];

beforeAll(async () => {
  const w = world();
  key = await registerModule(w, 'mon', { emits: { 'item.saved': { type: 'object' } } });
  installationId = await install(w, key, 'A1');
  const consumer = await registerModule(w, 'monsub', { consumes: [`${key}.item.saved`] });
  await install(w, consumer, 'A1');
  for (let index = 0; index < 5; index++) {
    const call = emitInput({ index });
    const result = await emitEvent(w.test.db, call);
    emitted.push(result.eventId);
    correlations.push(call.correlationId);
  }
});

function emitInput(payload: Record<string, unknown>): EmitEventInput {
  return {
    producer: { kind: 'module', installation: principalOf(world(), key, installationId, 'A1') },
    workspaceId: world().tree.workspaces.A1.id,
    eventName: `${key}.item.saved`,
    payload,
    idempotencyKey: randomUUID(),
    correlationId: cid('monitor'),
    stream,
  };
}

const adminA1 = () => actorOf(world().tree, 'businessAdminA1', 'A1', 'business_admin');

describe('listEvents', () => {
  it('pages newest first without repeats, each event with its deliveries', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listEvents(world().test.db, adminA1(), { stream, limit: 2, cursor });
      pages++;
      for (const item of page.items) {
        seen.push(item.id);
        expect(item).toMatchObject({
          workspace_id: world().tree.workspaces.A1.id,
          event_name: `${key}.item.saved`,
          source: `/modules/${key}`,
          stream,
          delivery_state: 'pending',
          deliveries: [
            {
              module_key: expect.stringMatching(/^monsub-/),
              kind: 'event',
              state: 'pending',
              attempts: 0,
            },
          ],
        });
      }
      cursor = page.next_cursor ?? undefined;
    } while (cursor !== undefined);
    expect(pages).toBe(3);
    expect(seen).toStrictEqual([...emitted].reverse());
    const sequences = (await listEvents(world().test.db, adminA1(), { stream })).items.map(
      (item) => item.sequence,
    );
    expect(sequences).toStrictEqual(['5', '4', '3', '2', '1'].map((n) => n.padStart(20, '0')));
  });

  it('filters by name, correlation id and state; an agency admin reads its business, a super admin any', async () => {
    const tree = world().tree;
    const agency = await listEvents(
      world().test.db,
      actorOf(tree, 'agencyAdminA', 'A', 'agency_admin'),
      {
        workspaceId: tree.workspaces.A1.id,
        stream,
        state: 'pending',
      },
    );
    expect(agency.items).toHaveLength(5);
    const platform = await listEvents(
      world().test.db,
      actorOf(tree, 'superAdmin', 'S', 'super_admin'),
      {
        workspaceId: tree.workspaces.A1.id,
        eventName: `${key}.item.saved`,
      },
    );
    expect(platform.items.map((item) => item.id)).toStrictEqual([...emitted].reverse());
    const byCorrelation = await listEvents(world().test.db, adminA1(), {
      correlationId: correlations[2],
    });
    expect(byCorrelation.items.map((item) => item.id)).toStrictEqual([emitted[2]]);
    const none = await listEvents(world().test.db, adminA1(), { stream, state: 'delivered' });
    expect(none).toStrictEqual({ items: [], next_cursor: null });
  });

  it('refuses another tenant (WORKSPACE_FORBIDDEN), no events.manage (PERMISSION_DENIED) and a foreign cursor', async () => {
    const tree = world().tree;
    expect(
      await failure(
        listEvents(world().test.db, actorOf(tree, 'agencyAdminB', 'B', 'agency_admin'), {
          workspaceId: tree.workspaces.A1.id,
        }),
      ),
    ).toMatchObject({ code: 'WORKSPACE_FORBIDDEN' });
    expect(
      await failure(
        listEvents(
          world().test.db,
          actorOf(tree, 'businessManagerA1', 'A1', 'business_manager'),
          {},
        ),
      ),
    ).toStrictEqual({
      code: 'PERMISSION_DENIED',
      details: { required_permission: 'events.manage' },
    });
    const foreign = Buffer.from(
      JSON.stringify({ l: 'event-dead-letter', v: ['2026-01-01T00:00:00.000000Z', randomUUID()] }),
    ).toString('base64url');
    expect(
      await failure(listEvents(world().test.db, adminA1(), { cursor: foreign })),
    ).toStrictEqual({
      code: 'VALIDATION_BLOCKING',
      details: {
        issues: [{ path: 'query.cursor', message: 'Not a cursor returned by this endpoint' }],
      },
    });
  });
});

describe('readEvent', () => {
  it('answers the event with each delivery and its attempts in the order they were made', async () => {
    const w = world();
    const eventId = emitted[0] ?? '';
    const { rows } = await w.test.admin.query<{ id: string }>(
      'select id from public.event_deliveries where event_id = $1',
      [eventId],
    );
    // Two rounds: attempts 1 and 2 failed, then a replay's attempt 1 delivered.
    for (const [attempt, startedAt, status, outcome, error] of [
      [1, '2026-12-07T03:00:00Z', 503, 'failed', 'HTTP 503'],
      [2, '2026-12-07T03:05:00Z', 503, 'failed', 'HTTP 503'],
      [1, '2026-12-07T04:00:00Z', 200, 'delivered', null],
    ] as const) {
      await w.test.admin.query(
        `insert into public.event_delivery_attempts
           (delivery_id, workspace_id, attempt, started_at, duration_ms, response_status, outcome, error)
         values ($1, $2, $3, $4, 41, $5, $6, $7)`,
        [rows[0]?.id, w.tree.workspaces.A1.id, attempt, startedAt, status, outcome, error],
      );
    }
    const detail = await readEvent(w.test.db, adminA1(), {
      workspaceId: w.tree.workspaces.A1.id,
      eventId,
    });
    expect(detail).toMatchObject({
      id: eventId,
      sequence: '00000000000000000001',
      payload: { index: 0 },
      deliveries: [{ id: rows[0]?.id, kind: 'event' }],
    });
    expect(detail.deliveries[0]?.attempts_log).toStrictEqual([
      {
        attempt: 1,
        started_at: '2026-12-07T03:00:00.000Z',
        duration_ms: 41,
        response_status: 503,
        outcome: 'failed',
        error: 'HTTP 503',
      },
      {
        attempt: 2,
        started_at: '2026-12-07T03:05:00.000Z',
        duration_ms: 41,
        response_status: 503,
        outcome: 'failed',
        error: 'HTTP 503',
      },
      {
        attempt: 1,
        started_at: '2026-12-07T04:00:00.000Z',
        duration_ms: 41,
        response_status: 200,
        outcome: 'delivered',
        error: null,
      },
    ]);
    expect(detail.deliveries.map((d) => d.id)).toHaveLength(1);
  });

  it("is NOT_FOUND for another workspace's event and for an unknown id, both the same", async () => {
    const tree = world().tree;
    const otherTenant = await failure(
      readEvent(world().test.db, actorOf(tree, 'businessAdminB1', 'B1', 'business_admin'), {
        workspaceId: tree.workspaces.B1.id,
        eventId: emitted[0] ?? '',
      }),
    );
    const unknown = await failure(
      readEvent(world().test.db, adminA1(), {
        workspaceId: tree.workspaces.A1.id,
        eventId: randomUUID(),
      }),
    );
    expect(otherTenant).toStrictEqual({ code: 'NOT_FOUND', details: {} });
    expect(unknown).toStrictEqual(otherTenant);
  });
});
