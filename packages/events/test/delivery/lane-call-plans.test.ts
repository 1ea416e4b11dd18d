import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { installConsumer, setupOpsDatabase } from '../operations/support';
import { seedDeliveries } from './support';

// Migration 053: 050's delivery functions plan each call for its arguments. PL/pgSQL keeps a
// generic plan after five calls on a connection; planned while the tables were small, it went
// on scanning the whole `events` table as they grew (bench:events, docs/events.md Speed).
// Migration 055: record_lane_batch keeps one generic plan whose only paths are lookups by id,
// so a plan made on a one-row lane still reads only the batch's rows after the lane grew.

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
});
