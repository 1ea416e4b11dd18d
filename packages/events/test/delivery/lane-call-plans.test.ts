import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { installConsumer, setupOpsDatabase } from '../operations/support';
import { seedDeliveries } from './support';

// Migration 053: 050's delivery functions plan each call for its arguments. PL/pgSQL keeps a
// generic plan after five calls on a connection; planned while the tables were small, it went
// on scanning the whole `events` table as they grew (bench:events, docs/events.md Speed).
// Migration 055: record_lane_batch keeps one generic plan whose only paths are lookups by id,
// so a plan made on a one-row lane still reads only the batch's rows after the lane grew.
// Migration 057: read_lane likewise (one statement, the lane index and key lookups only), and
// the lane-notify insert trigger calls its function only for a row it will announce.

const world = setupOpsDatabase();

const SUMMARISE = 'shell.summarise_events(uuid[])';

/** Sequential scans of `events` made by `calls` summarise_events calls on `client`. */
async function eventScansOf(client: pg.Client, calls: number, eventId: string) {
  await client.query('begin');
  for (let i = 0; i < calls; i += 1) {
    await client.query('select shell.summarise_events($1::uuid[])', [[eventId]]);
  }
  const { rows } = await client.query<{ seq_scan: string }>(
    `select seq_scan::text from pg_catalog.pg_stat_xact_user_tables
      where schemaname = 'public' and relname = 'events'`,
  );
  await client.query('commit');
  return Number(rows[0]?.seq_scan ?? 0);
}

/** Calls summarise_events while the lane is one event, then after 5,000 more: scans of events. */
async function scansAfterGrowth(): Promise<number> {
  const module = await installConsumer(world(), {
    prefix: 'plans',
    baseUrl: 'http://127.0.0.1:9/base/',
    workspace: 'A1',
    state: 'enabled',
  });
  const seed = (count: number) =>
    seedDeliveries(world(), {
      workspaceId: world().tree.workspaces.A1.id,
      stream: `plans-${module.moduleKey}`,
      count,
      installationIds: [module.installationId],
    });
  // Its own connection: the plan cache is per connection, and seeding uses the admin pool.
  const client = new pg.Client({ connectionString: world().test.url });
  await client.connect();
  try {
    const [eventId = ''] = await seed(1);
    await eventScansOf(client, 8, eventId);
    await seed(5000);
    return await eventScansOf(client, 12, eventId);
  } finally {
    await client.end();
  }
}

describe('delivery functions plan each call (migration 053)', () => {
  it('force custom plans', async () => {
    const { rows } = await world().test.admin.query(
      'select proconfig from pg_catalog.pg_proc where oid = $1::regprocedure',
      [SUMMARISE],
    );
    expect(rows).toStrictEqual([
      { proconfig: ['search_path=""', 'plan_cache_mode=force_custom_plan'] },
    ]);
  });

  it('read events by index once the tables grew after the plan was first made', async () => {
    // One scan per transaction remains whatever the plans (not from the functions' statements:
    // auto_explain shows index scans only); a cached plan from the small table scanned it per call.
    expect(await scansAfterGrowth()).toBeLessThanOrEqual(1);
  });
  it('records a batch by id lookups with a plan made while the lane was one delivery (055)', async () => {
    const module = await installConsumer(world(), {
      prefix: 'recplan',
      baseUrl: 'http://127.0.0.1:9/base/',
      workspace: 'A1',
      state: 'enabled',
    });
    const seed = (count: number) =>
      seedDeliveries(world(), {
        workspaceId: world().tree.workspaces.A1.id,
        stream: `recplan-${module.moduleKey}`,
        count,
        installationIds: [module.installationId],
      });
    const client = new pg.Client({ connectionString: world().test.url });
    await client.connect();
    try {
      const [eventId = ''] = await seed(1);
      const { rows } = await world().test.admin.query<{ id: string }>(
        'select id from public.event_deliveries where event_id = $1',
        [eventId],
      );
      const deliveryId = rows[0]?.id ?? '';
      const record = (attempt: number) =>
        client.query(
          `select * from shell.record_lane_batch($1::uuid[], '{pending}', $2::int[], $3::timestamptz[],
                  '{500}', '{HTTP 500}', '{null}', $1::uuid[], $2::int[], $3::timestamptz[], '{3}',
                  '{500}', '{failed}', '{HTTP 500}', 'test', $4, false)`,
          [[deliveryId], [attempt], [new Date(Date.now() + 60_000)], module.installationId],
        );
      await record(1);
      await seed(3000);
      await client.query('begin');
      await record(2);
      const { rows: reads } = await client.query<{
        relname: string;
        seq_scan: string;
        fetched: string;
      }>(
        `select relname, seq_scan::text, coalesce(idx_tup_fetch, 0)::text as fetched
           from pg_catalog.pg_stat_xact_user_tables
          where schemaname = 'public' and relname in ('events', 'event_deliveries')
          order by relname`,
      );
      await client.query('commit');
      // One delivery updated, its attempt's delivery read, the event's deliveries counted and
      // the FK check: a handful of rows, not the 3,001 of the lane.
      expect(reads.map((r) => r.relname)).toEqual(['event_deliveries', 'events']);
      for (const read of reads) {
        expect(Number(read.seq_scan)).toBe(0);
        expect(Number(read.fetched)).toBeLessThanOrEqual(10);
      }
      const { rows: summary } = await world().test.admin.query<{ state: string }>(
        'select delivery_state as state from public.events where id = $1',
        [eventId],
      );
      expect(summary).toStrictEqual([{ state: 'failed' }]);
    } finally {
      await client.end();
    }
  });

  it('reads a lane by its index with a plan made while the lane was one delivery (057)', async () => {
    const module = await installConsumer(world(), {
      prefix: 'readplan',
      baseUrl: 'http://127.0.0.1:9/base/',
      workspace: 'A1',
      state: 'enabled',
    });
    const stream = `readplan-${module.moduleKey}`;
    const seed = (count: number) =>
      seedDeliveries(world(), {
        workspaceId: world().tree.workspaces.A1.id,
        stream,
        count,
        installationIds: [module.installationId],
      });
    const { rows: config } = await world().test.admin.query<{ proconfig: string[] }>(
      `select proconfig from pg_catalog.pg_proc where oid = 'shell.read_lane(uuid, text, integer)'::regprocedure`,
    );
    expect(config[0]?.proconfig).toContain('plan_cache_mode=force_generic_plan');
    const client = new pg.Client({ connectionString: world().test.url });
    await client.connect();
    try {
      await seed(1);
      const read = () =>
        client.query<{ deliveries: unknown[] }>('select * from shell.read_lane($1, $2, 10)', [
          module.installationId,
          stream,
        ]);
      for (let i = 0; i < 6; i += 1) expect((await read()).rows[0]?.deliveries).toHaveLength(1);
      await seed(3000);
      await world().test.admin.query('analyze public.event_deliveries');
      // pg_stat_xact_* also hold this connection's counts not yet flushed: take the difference.
      const stats = async () => {
        const { rows } = await client.query<{ relname: string; seq: string; fetched: string }>(
          `select relname, seq_scan::text as seq, coalesce(idx_tup_fetch, 0)::text as fetched
             from pg_catalog.pg_stat_xact_user_tables
            where schemaname = 'public' and relname in ('events', 'event_deliveries')
            order by relname`,
        );
        return new Map(rows.map((r) => [r.relname, [Number(r.seq), Number(r.fetched)]]));
      };
      await client.query('begin');
      const before = await stats();
      const { rows: lane } = await read();
      const after = await stats();
      await client.query('commit');
      expect(lane[0]?.deliveries).toHaveLength(10);
      // The lane's first 10 by the lane index and their 10 events by key, not the 3,001 rows.
      for (const table of ['event_deliveries', 'events']) {
        const [seqBefore = 0, fetchedBefore = 0] = before.get(table) ?? [];
        const [seqAfter = 0, fetchedAfter = 0] = after.get(table) ?? [];
        expect([table, seqAfter - seqBefore]).toStrictEqual([table, 0]);
        expect(fetchedAfter - fetchedBefore).toBeLessThanOrEqual(11);
      }
    } finally {
      await client.end();
    }
  });

  it('enters the lane-notify trigger only for a row it will announce (057)', async () => {
    const module = await installConsumer(world(), {
      prefix: 'notifywhen',
      baseUrl: 'http://127.0.0.1:9/base/',
      workspace: 'A1',
      state: 'enabled',
    });
    const [eventId = ''] = await seedDeliveries(world(), {
      workspaceId: world().tree.workspaces.A1.id,
      stream: `notifywhen-${module.moduleKey}`,
      count: 2,
      installationIds: [],
    });
    const client = await world().test.admin.connect();
    const insert = async (defer: string) => {
      await client.query(`select pg_catalog.set_config('shell.defer_lane_notify', $1, true)`, [
        defer,
      ]);
      await client.query(
        `insert into public.event_deliveries
           (event_id, workspace_id, installation_id, module_key, kind, stream, sequence)
         select e.id, e.workspace_id, $2, $3, 'event', e.stream, e.sequence
           from public.events e where e.id = $1`,
        [eventId, module.installationId, module.moduleKey],
      );
    };
    const calls = async () => {
      const { rows } = await client.query<{ calls: string }>(
        `select coalesce(sum(calls), 0)::text as calls from pg_catalog.pg_stat_xact_user_functions
          where schemaname = 'shell' and funcname = 'notify_event_lane'`,
      );
      return Number(rows[0]?.calls ?? 0);
    };
    try {
      await client.query('begin');
      await client.query("set local track_functions = 'pl'");
      await insert('on');
      expect(await calls()).toBe(0);
      await client.query('delete from public.event_deliveries where event_id = $1', [eventId]);
      await insert('');
      expect(await calls()).toBe(1);
    } finally {
      await client.query('rollback');
      client.release();
    }
  });
});
