import { randomUUID } from 'node:crypto';
import { createDb } from '@aiconnected/db';
import { describe, expect, it } from 'vitest';
import { readLane } from '../../src/delivery/read-lane';
import { recordLaneBatch, type DeliveryOutcome } from '../../src/delivery/record-lane-batch';
import { CONSUMED, installConsumer, seedSubscriber, setupOpsDatabase } from '../operations/support';
import { seedDeliveries } from './support';

// Migration 050's calls of a lane batch: shell.read_lane (one prepared statement instead of a
// read transaction), shell.record_lane_batch (the record, synchronous_commit off for its
// transaction) and shell.summarise_events (the one summary definition); service_role only.
// Migration 055: the record touches only deliveries of its installation, each attempt takes its
// delivery's workspace, events whose deliveries are all in the batch are summarised in the same
// statement, and read_lane's limit is bounded.

const world = setupOpsDatabase();
const ws = () => world().tree.workspaces.A1.id;

const RECORD_ARGS = 17;
const CALLS = [
  { fn: 'shell.read_lane', args: [randomUUID(), 's', 1] },
  { fn: 'shell.summarise_events', args: [[]] },
  {
    fn: 'shell.record_lane_batch',
    args: [...Array.from({ length: 14 }, () => []), 'w', randomUUID(), false],
  },
] as const;

/** The deliveries of `eventIds` to `installationId`, by event id. */
async function deliveriesOf(installationId: string, eventIds: string[]) {
  const { rows } = await world().test.admin.query<{
    id: string;
    event_id: string;
    sequence: string;
  }>(
    `select id, event_id, sequence::text from public.event_deliveries
      where installation_id = $1 and event_id = any($2::uuid[])`,
    [installationId, eventIds],
  );
  return new Map(rows.map((row) => [row.event_id, row]));
}

/** An outcome of `deliveryId` as the drain settles it after one attempt (or a skip). */
function outcome(
  delivery: { id: string; event_id: string },
  state: DeliveryOutcome['state'],
  attempts = 1,
): DeliveryOutcome {
  const attempted = state !== 'skipped';
  return {
    deliveryId: delivery.id,
    eventId: delivery.event_id,
    workspaceId: ws(),
    state,
    attempts: attempted ? attempts : 0,
    nextAttemptAt: state === 'pending' ? new Date(Date.now() + 60_000) : null,
    skipReason: state === 'skipped' ? 'installation_not_enabled' : null,
    attempt: attempted
      ? {
          attempt: attempts,
          startedAt: new Date(),
          durationMs: 3,
          status: state === 'delivered' ? 204 : 500,
          outcome: state === 'delivered' ? 'delivered' : 'failed',
          error: state === 'delivered' ? null : 'HTTP 500',
        }
      : null,
    eventName: CONSUMED,
    stream: 's',
  };
}

const target = (installationId: string, moduleKey: string) => ({
  installationId,
  workspaceId: ws(),
  moduleKey,
});

describe('shell.read_lane, shell.record_lane_batch, shell.summarise_events (migration 050)', () => {
  it.each(CALLS)('$fn refuses anon and authenticated (42501)', async ({ fn, args }) => {
    if (fn === 'shell.record_lane_batch') expect(args).toHaveLength(RECORD_ARGS);
    for (const role of ['anon', 'authenticated']) {
      const client = await world().test.admin.connect();
      try {
        await client.query('begin');
        await client.query(`set local role ${role}`);
        const placeholders = args.map((_, index) => `$${index + 1}`).join(', ');
        await expect(
          client.query(`select * from ${fn}(${placeholders})`, [...args]),
        ).rejects.toMatchObject({ code: '42501' });
      } finally {
        await client.query('rollback');
        client.release();
      }
    }
  });

  it('readLane answers the lane in order with each event and the target, in one call', async () => {
    const module = await installConsumer(world(), {
      prefix: 'lane',
      baseUrl: 'http://127.0.0.1:9/base/',
      workspace: 'A1',
      state: 'enabled',
    });
    const stream = `lane-${module.moduleKey}`;
    const eventIds = await seedDeliveries(world(), {
      workspaceId: ws(),
      stream,
      count: 3,
      installationIds: [module.installationId],
    });
    const byEvent = await deliveriesOf(module.installationId, eventIds);
    const ids = eventIds.map((id) => byEvent.get(id)?.id ?? '');
    // The first is delivered (not read), the third dead-lettered (read: it blocks the lane).
    await world().test.admin.query(
      `update public.event_deliveries set state = 'delivered', delivered_at = now() where id = $1`,
      [ids[0]],
    );
    await world().test.admin.query(
      `update public.event_deliveries set state = 'dead_letter', attempts = 8,
              dead_lettered_at = now() where id = $1`,
      [ids[2]],
    );
    const { rows: events } = await world().test.admin.query<{
      id: string;
      sequence: string;
      payload_json: unknown;
      idempotency_key: string;
      occurred_at: Date;
    }>(
      `select id, sequence::text, payload_json, idempotency_key, occurred_at from public.events
        where id = any($1::uuid[]) order by sequence`,
      [eventIds],
    );
    const { rows: due } = await world().test.admin.query<{ id: string; next_attempt_at: Date }>(
      'select id, next_attempt_at from public.event_deliveries where id = any($1::uuid[])',
      [ids],
    );
    const dueOf = new Map(due.map((row) => [row.id, row.next_attempt_at]));

    const lane = { installationId: module.installationId, stream };
    const read = await readLane(world().test.db, lane, 10);
    expect(read).toStrictEqual({
      deliveries: [1, 2].map((index) => ({
        id: ids[index],
        eventId: eventIds[index],
        workspaceId: ws(),
        kind: 'event',
        action: null,
        state: index === 2 ? 'dead_letter' : 'pending',
        attempts: index === 2 ? 8 : 0,
        nextAttemptAt: dueOf.get(ids[index] ?? ''),
        event: {
          id: eventIds[index],
          workspace_id: ws(),
          event_name: CONSUMED,
          source: '/modules/notes',
          stream,
          sequence: events[index]?.sequence,
          payload_json: events[index]?.payload_json,
          correlation_id: 'test-delivery',
          idempotency_key: events[index]?.idempotency_key,
          occurred_at: events[index]?.occurred_at,
        },
      })),
      target: {
        installationId: module.installationId,
        workspaceId: ws(),
        moduleKey: module.moduleKey,
        moduleVersion: '1.0.0',
        state: 'enabled',
        webhooksDisabled: false,
        workspaceStatus: 'active',
        baseUrl: 'http://127.0.0.1:9/base/',
        webhooks: {
          eventsPath: '/webhooks/events',
          actions: { install: '/webhooks/install', disable: '/webhooks/disable' },
        },
      },
    });
    // The limit counts deliveries in lane order.
    expect((await readLane(world().test.db, lane, 1)).deliveries.map((d) => d.id)).toEqual([
      ids[1],
    ]);
    // A lane with nothing undelivered, and one nobody has.
    expect(await readLane(world().test.db, { ...lane, stream: `${stream}-none` }, 10)).toEqual({
      deliveries: [],
      target: null,
    });
    // The raw row: one, with the json array and the target columns.
    const rows = await world().test.db.callService<Record<string, unknown>>(
      'test',
      'shell.read_lane',
      [module.installationId, stream, 10],
    );
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0] ?? {}).sort()).toEqual(
      [
        'deliveries',
        'installation_id',
        'module_key',
        'module_version',
        'runtime',
        'state',
        'webhooks_disabled_at',
        'workspace_id',
        'workspace_status',
      ].sort(),
    );
  });

  it('records outcomes and attempts and summarises events across several subscribers', async () => {
    const one = await seedSubscriber(world(), 'A1');
    const two = await seedSubscriber(world(), 'A1');
    const stream = `summary-${one.moduleKey}`;
    const eventIds = await seedDeliveries(world(), {
      workspaceId: ws(),
      stream,
      count: 5,
      installationIds: [one.installationId, two.installationId],
    });
    const d1 = await deliveriesOf(one.installationId, eventIds);
    const d2 = await deliveriesOf(two.installationId, eventIds);
    const of = (map: typeof d1, index: number) => {
      const row = map.get(eventIds[index] ?? '');
      if (!row) throw new Error('no delivery');
      return row;
    };
    // Event 0: both delivered. 1: one delivered, one failed (pending, retried later). 2: one
    // dead-lettered. 3: both skipped. 4: one delivered, the other still pending untouched.
    await recordLaneBatch(world().test.db, {
      target: target(one.installationId, one.moduleKey),
      outcomes: [
        outcome(of(d1, 0), 'delivered'),
        outcome(of(d1, 1), 'delivered'),
        outcome(of(d1, 2), 'delivered'),
        outcome(of(d1, 3), 'skipped'),
        outcome(of(d1, 4), 'delivered'),
      ],
      disableEndpoint: false,
      worker: 'test-one',
    });
    await recordLaneBatch(world().test.db, {
      target: target(two.installationId, two.moduleKey),
      outcomes: [
        outcome(of(d2, 0), 'delivered'),
        outcome(of(d2, 1), 'pending'),
        outcome(of(d2, 2), 'dead_letter', 3),
        outcome(of(d2, 3), 'skipped'),
      ],
      disableEndpoint: false,
      worker: 'test-two',
    });
    const { rows: summary } = await world().test.admin.query<{
      delivery_state: string;
      delivery_attempts: number;
      delivered: boolean;
      dead_lettered: boolean;
    }>(
      `select delivery_state, delivery_attempts, delivered_at is not null as delivered,
              dead_lettered_at is not null as dead_lettered
         from public.events where id = any($1::uuid[]) order by sequence`,
      [eventIds],
    );
    expect(summary).toStrictEqual([
      { delivery_state: 'delivered', delivery_attempts: 2, delivered: true, dead_lettered: false },
      { delivery_state: 'failed', delivery_attempts: 2, delivered: false, dead_lettered: false },
      {
        delivery_state: 'dead_letter',
        delivery_attempts: 4,
        delivered: false,
        dead_lettered: true,
      },
      { delivery_state: 'skipped', delivery_attempts: 0, delivered: false, dead_lettered: false },
      { delivery_state: 'pending', delivery_attempts: 1, delivered: false, dead_lettered: false },
    ]);
    const { rows: attempts } = await world().test.admin.query<{
      delivery_id: string;
      attempt: number;
      response_status: number;
      outcome: string;
      worker: string;
    }>(
      `select delivery_id, attempt, response_status, outcome, worker
         from public.event_delivery_attempts a
        where delivery_id = any($1::uuid[]) order by worker, response_status, attempt`,
      [[...d1.values(), ...d2.values()].map((d) => d.id)],
    );
    expect(attempts).toHaveLength(7);
    expect(attempts.filter((a) => a.worker === 'test-two')).toStrictEqual([
      {
        delivery_id: of(d2, 0).id,
        attempt: 1,
        response_status: 204,
        outcome: 'delivered',
        worker: 'test-two',
      },
      {
        delivery_id: of(d2, 1).id,
        attempt: 1,
        response_status: 500,
        outcome: 'failed',
        worker: 'test-two',
      },
      {
        delivery_id: of(d2, 2).id,
        attempt: 3,
        response_status: 500,
        outcome: 'failed',
        worker: 'test-two',
      },
    ]);
    // The dead-lettered delivery was audited in the same transaction.
    const { rows: audits } = await world().test.admin.query<{ target_id: string }>(
      `select target_id from public.audit_logs where action = 'events.dead_letter' and target_id = $1`,
      [of(d2, 2).id],
    );
    expect(audits).toHaveLength(1);
    // Only pending deliveries change: recording the delivered one again changes nothing.
    await recordLaneBatch(world().test.db, {
      target: target(one.installationId, one.moduleKey),
      outcomes: [outcome(of(d1, 0), 'pending', 2)],
      disableEndpoint: false,
      worker: 'test-one',
    });
    const { rows: again } = await world().test.admin.query<{ state: string; attempts: number }>(
      'select state, attempts from public.event_deliveries where id = $1',
      [of(d1, 0).id],
    );
    expect(again).toStrictEqual([{ state: 'delivered', attempts: 1 }]);
  });

  it('turns synchronous_commit off for the recording transaction only', async () => {
    const sub = await seedSubscriber(world(), 'A1');
    const stream = `sync-${sub.moduleKey}`;
    const eventIds = await seedDeliveries(world(), {
      workspaceId: ws(),
      stream,
      count: 2,
      installationIds: [sub.installationId],
    });
    const byEvent = await deliveriesOf(sub.installationId, eventIds);
    const args = (eventIndex: number) => {
      const delivery = byEvent.get(eventIds[eventIndex] ?? '');
      if (!delivery) throw new Error('no delivery');
      return [
        [delivery.id],
        ['delivered'],
        [1],
        [null],
        [204],
        [null],
        [null],
        [delivery.id],
        [1],
        [new Date()],
        [2],
        [204],
        ['delivered'],
        [null],
        'test',
        sub.installationId,
        false,
      ];
    };
    // One connection: the call's own implicit transaction, then the session's setting.
    const db = createDb(world().test.url, { max: 1 });
    try {
      await db.callService('test', 'shell.record_lane_batch', args(0));
      const after = await db.pool.query<{ value: string }>(
        "select current_setting('synchronous_commit') as value",
      );
      expect(after.rows).toStrictEqual([{ value: 'on' }]);
      // In a transaction, the setting stays off after the function returns (is_local lasts to
      // the end of the transaction; the function's own SET clause covers search_path only),
      // so the COMMIT runs with it: "the behavior for any one transaction is determined by the
      // setting in effect when it commits" (PostgreSQL docs, synchronous_commit).
      const inside = await db.withService('test', async (tx) => {
        const placeholders = args(1)
          .map((_, index) => `$${index + 1}`)
          .join(', ');
        await tx.query(`select * from shell.record_lane_batch(${placeholders})`, args(1));
        const { rows } = await tx.query<{ value: string }>(
          "select current_setting('synchronous_commit') as value",
        );
        return rows;
      });
      expect(inside).toStrictEqual([{ value: 'off' }]);
      const session = await db.pool.query<{ value: string }>(
        "select current_setting('synchronous_commit') as value",
      );
      expect(session.rows).toStrictEqual([{ value: 'on' }]);
      const { rows: states } = await world().test.admin.query<{ state: string }>(
        'select delivery_state as state from public.events where id = any($1::uuid[])',
        [eventIds],
      );
      expect(states).toStrictEqual([{ state: 'delivered' }, { state: 'delivered' }]);
    } finally {
      await db.close();
    }
  });

  it('records batches of three lanes sharing events concurrently, in different orders, without deadlock', async () => {
    const subs = await Promise.all([1, 2, 3].map(() => seedSubscriber(world(), 'A1')));
    const stream = `locks-${subs[0]?.moduleKey ?? ''}`;
    const eventIds = await seedDeliveries(world(), {
      workspaceId: ws(),
      stream,
      count: 60,
      installationIds: subs.map((sub) => sub.installationId),
    });
    const shuffled = [...eventIds].sort(() => Math.random() - 0.5);
    const orders = [eventIds, [...eventIds].reverse(), shuffled];
    const db = createDb(world().test.url, { max: 4 });
    try {
      // One drain per lane: batches of 6, recorded one after another, the lanes at once.
      await Promise.all(
        subs.map(async (sub, index) => {
          const mine = await deliveriesOf(sub.installationId, eventIds);
          const order = orders[index] ?? [];
          for (let start = 0; start < order.length; start += 6) {
            const batch = order.slice(start, start + 6).map((id) => {
              const row = mine.get(id);
              if (!row) throw new Error('no delivery');
              return outcome(row, 'delivered');
            });
            await recordLaneBatch(db, {
              target: target(sub.installationId, sub.moduleKey),
              outcomes: batch,
              disableEndpoint: false,
              worker: 'test-locks',
            });
          }
        }),
      );
    } finally {
      await db.close();
    }
    const { rows } = await world().test.admin.query<{
      state: string;
      attempts: number;
      count: number;
    }>(
      `select delivery_state as state, delivery_attempts as attempts, count(*)::int as count
         from public.events where id = any($1::uuid[]) group by 1, 2`,
      [eventIds],
    );
    expect(rows).toStrictEqual([{ state: 'delivered', attempts: 3, count: 60 }]);
  });
  it("records only deliveries of its installation, attempts in their delivery row's workspace (055)", async () => {
    const mine = await seedSubscriber(world(), 'A1');
    const other = await seedSubscriber(world(), 'A1');
    const stream = `owner-${mine.moduleKey}`;
    const eventIds = await seedDeliveries(world(), {
      workspaceId: ws(),
      stream,
      count: 2,
      installationIds: [mine.installationId, other.installationId],
    });
    const ours = await deliveriesOf(mine.installationId, eventIds);
    const theirs = await deliveriesOf(other.installationId, eventIds);
    const of = (map: typeof ours, index: number) => {
      const row = map.get(eventIds[index] ?? '');
      if (!row) throw new Error('no delivery');
      return row;
    };
    // The caller names another workspace for its own delivery's attempt, and slips in a
    // delivery of the other installation: the first is ignored, the second changes nothing.
    const elsewhere = world().tree.workspaces.B1.id;
    await recordLaneBatch(world().test.db, {
      target: target(mine.installationId, mine.moduleKey),
      outcomes: [
        { ...outcome(of(ours, 0), 'delivered'), workspaceId: elsewhere },
        outcome(of(theirs, 1), 'delivered'),
      ],
      disableEndpoint: false,
      worker: 'test-owner',
    });
    const { rows: states } = await world().test.admin.query<{ id: string; state: string }>(
      `select id, state from public.event_deliveries where id = any($1::uuid[]) order by state`,
      [[of(ours, 0).id, of(theirs, 1).id]],
    );
    expect(states).toStrictEqual([
      { id: of(ours, 0).id, state: 'delivered' },
      { id: of(theirs, 1).id, state: 'pending' },
    ]);
    const { rows: attempts } = await world().test.admin.query<{
      delivery_id: string;
      workspace_id: string;
    }>(
      `select delivery_id, workspace_id from public.event_delivery_attempts
        where delivery_id = any($1::uuid[])`,
      [[of(ours, 0).id, of(theirs, 1).id]],
    );
    expect(attempts).toStrictEqual([{ delivery_id: of(ours, 0).id, workspace_id: ws() }]);
    // Event 0 still has the other installation's pending delivery; event 1 is untouched.
    const { rows: summary } = await world().test.admin.query<{ state: string; attempts: number }>(
      `select delivery_state as state, delivery_attempts as attempts from public.events
        where id = any($1::uuid[]) order by sequence`,
      [eventIds],
    );
    expect(summary).toStrictEqual([
      { state: 'pending', attempts: 1 },
      { state: 'pending', attempts: 0 },
    ]);
  });

  it('summarises an event whose deliveries are all in the batch from the batch itself (055)', async () => {
    const sub = await seedSubscriber(world(), 'A1');
    const stream = `alone-${sub.moduleKey}`;
    const eventIds = await seedDeliveries(world(), {
      workspaceId: ws(),
      stream,
      count: 4,
      installationIds: [sub.installationId],
    });
    const byEvent = await deliveriesOf(sub.installationId, eventIds);
    const of = (index: number) => {
      const row = byEvent.get(eventIds[index] ?? '');
      if (!row) throw new Error('no delivery');
      return row;
    };
    // One connection that counts its plpgsql calls: summarise_events must not run (050's path
    // called it for every event; 055 summarises from the batch itself).
    const db = createDb(world().test.url, { max: 1 });
    const summarised = async () => {
      await db.pool.query('select pg_stat_force_next_flush()');
      const { rows } = await db.pool.query<{ calls: number }>(
        `select coalesce(sum(calls), 0)::int as calls from pg_stat_user_functions
          where schemaname = 'shell' and funcname = 'summarise_events'`,
      );
      return rows[0]?.calls ?? 0;
    };
    try {
      await db.pool.query("set track_functions = 'pl'");
      const before = await summarised();
      await recordLaneBatch(db, {
        target: target(sub.installationId, sub.moduleKey),
        outcomes: [
          outcome(of(0), 'delivered'),
          outcome(of(1), 'pending'),
          outcome(of(2), 'dead_letter', 8),
          outcome(of(3), 'skipped'),
        ],
        disableEndpoint: false,
        worker: 'test-alone',
      });
      expect(await summarised()).toBe(before);
      // The count sees a call: made here, it goes up by one.
      await db.pool.query("select shell.summarise_events('{}'::uuid[])");
      expect(await summarised()).toBe(before + 1);
    } finally {
      await db.close();
    }
    const { rows } = await world().test.admin.query<{
      state: string;
      attempts: number;
      delivered: boolean;
      dead_lettered: boolean;
    }>(
      `select delivery_state as state, delivery_attempts as attempts,
              delivered_at is not null as delivered, dead_lettered_at is not null as dead_lettered
         from public.events where id = any($1::uuid[]) order by sequence`,
      [eventIds],
    );
    expect(rows).toStrictEqual([
      { state: 'delivered', attempts: 1, delivered: true, dead_lettered: false },
      { state: 'failed', attempts: 1, delivered: false, dead_lettered: false },
      { state: 'dead_letter', attempts: 8, delivered: false, dead_lettered: true },
      { state: 'skipped', attempts: 0, delivered: false, dead_lettered: false },
    ]);
  });

  it.each([0, 1001, -1])('read_lane refuses a limit of %i (22023)', async (limit) => {
    await expect(
      world().test.admin.query('select * from shell.read_lane($1, $2, $3)', [
        randomUUID(),
        's',
        limit,
      ]),
    ).rejects.toMatchObject({ code: '22023' });
    const rows = await world().test.db.callService('test', 'shell.read_lane', [
      randomUUID(),
      's',
      1000,
    ]);
    expect(rows).toStrictEqual([]);
  });
});
