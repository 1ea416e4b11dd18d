import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { installConsumer, setupOpsDatabase } from '../operations/support';
import { seedDeliveries } from './support';

// Migration 053: 050's delivery functions plan each call for its arguments. PL/pgSQL keeps a
// generic plan after five calls on a connection; planned while the tables were small, it went
// on scanning the whole `events` table as they grew (bench:events, docs/events.md Speed).

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
});
