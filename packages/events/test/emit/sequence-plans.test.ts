import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { CONSUMED, seedSubscriber, setupOpsDatabase } from '../operations/support';

// Migration 054: the sequence trigger reads a stream's last sequence with one index probe
// whatever the table's statistics. Its max() form, planned on a table without statistics (a
// fresh database, before autovacuum's analyse), aggregated every earlier row of the stream or
// the workspace on each emit (bench:events, docs/events.md "Speed").

const world = setupOpsDatabase();

/** Rows of `events` fetched through its indexes by `calls` emits to `stream` on a fresh connection. */
async function indexReadsOfEmits(stream: string, calls: number): Promise<number> {
  const client = new pg.Client({ connectionString: world().test.url });
  await client.connect();
  try {
    await client.query('begin');
    for (let i = 0; i < calls; i += 1) {
      await client.query(
        `select * from shell.emit_event($1, 'plans.seq.tick', '/modules/plans', $2, '{}'::jsonb,
                                        'c-plans', $3)`,
        [world().tree.workspaces.A1.id, stream, `${stream}-${i}`],
      );
    }
    const { rows } = await client.query<{ reads: string }>(
      `select idx_tup_fetch::text as reads from pg_catalog.pg_stat_xact_user_tables
        where schemaname = 'public' and relname = 'events'`,
    );
    await client.query('rollback');
    return Number(rows[0]?.reads ?? 0);
  } finally {
    await client.end();
  }
}

describe('the sequence trigger (migration 054)', () => {
  it('fetches one row per emit, however many events the stream holds', async () => {
    const stream = `plans-${randomUUID()}`;
    // 3,000 earlier events of the stream, with their sequences (the trigger skips them), not
    // analysed: what the planner sees of a table that just grew.
    await world().test.admin.query(
      `insert into public.events (workspace_id, event_name, source, stream, sequence,
                                  correlation_id, idempotency_key)
       select $1, 'plans.seq.tick', '/modules/plans', $2, g, 'c-plans', $2 || '-seed-' || g
         from generate_series(1, 3000) g`,
      [world().tree.workspaces.A1.id, stream],
    );
    const reads = await indexReadsOfEmits(stream, 8);
    // The last sequence's row per emit (its page is not all-visible yet), nothing per earlier event.
    expect(reads).toBeLessThanOrEqual(8 * 2);
  });

  it('fires only for rows without a sequence', async () => {
    const { rows } = await world().test.admin.query<{ def: string }>(
      `select pg_catalog.pg_get_triggerdef(t.oid) as def from pg_catalog.pg_trigger t
        where t.tgrelid = 'public.events'::regclass and t.tgname = 'events_assign_sequence'`,
    );
    expect(rows[0]?.def).toContain('WHEN ((new.sequence IS NULL))');
  });
});

// Migration 059: shell.emit_event takes the stream's lock and reads its last sequence itself, so
// the insert brings its sequence and the trigger (PL/pgSQL, one call per row) does not fire for
// it; numbering must stay one sequence per stream whoever inserts.
describe('emit_event numbers its event itself (migration 059)', () => {
  it('continues the stream the trigger numbers, without calling the trigger; same answers', async () => {
    const { installationId } = await seedSubscriber(world(), 'A1');
    const workspaceId = world().tree.workspaces.A1.id;
    const stream = `own-${randomUUID()}`;
    const client = new pg.Client({ connectionString: world().test.url });
    await client.connect();
    const plainInsert = async (key: string) => {
      const { rows } = await client.query<{ sequence: string }>(
        `insert into public.events (workspace_id, event_name, source, stream, correlation_id, idempotency_key)
         values ($1, 'plans.seq.tick', '/modules/plans', $2, 'c-plans', $3) returning sequence::text`,
        [workspaceId, stream, key],
      );
      return rows[0]?.sequence;
    };
    const emit = async (eventName: string, key: string) => {
      const { rows } = await client.query<{
        event_sequence: string;
        delivery_state: string;
        duplicate: boolean;
        conflict: boolean;
        lanes: string[];
      }>(
        `select event_sequence::text, delivery_state, duplicate, conflict, lanes
           from shell.emit_event($1, $2, '/modules/plans', $3, '{}'::jsonb, 'c-plans', $4,
                                 p_notify => false)`,
        [workspaceId, eventName, stream, key],
      );
      return rows[0];
    };
    const calls = async (funcname: string) => {
      const { rows } = await client.query<{ calls: string }>(
        `select coalesce(sum(calls), 0)::text as calls from pg_catalog.pg_stat_xact_user_functions
          where schemaname = 'shell' and funcname = $1`,
        [funcname],
      );
      return Number(rows[0]?.calls ?? 0);
    };
    try {
      await client.query('begin');
      await client.query("set local track_functions = 'pl'");
      expect(await plainInsert(`${stream}-1`)).toBe('1');
      expect(await emit(CONSUMED, `${stream}-2`)).toStrictEqual({
        event_sequence: '2',
        delivery_state: 'pending',
        duplicate: false,
        conflict: false,
        lanes: [`${installationId}/${stream}`],
      });
      expect(await emit('plans.nobody.listens', `${stream}-3`)).toStrictEqual({
        event_sequence: '3',
        delivery_state: 'no_subscribers',
        duplicate: false,
        conflict: false,
        lanes: [],
      });
      // The key again: the first event, nothing stored, no sequence used up.
      expect(await emit(CONSUMED, `${stream}-2`)).toMatchObject({
        event_sequence: '2',
        duplicate: true,
        conflict: false,
        lanes: [],
      });
      expect(await plainInsert(`${stream}-4`)).toBe('4');
      expect(await calls('emit_event')).toBe(3);
      expect(await calls('assign_event_sequence')).toBe(2);
      const { rows: deliveries } = await client.query<{
        installation_id: string;
        sequence: string;
      }>(
        `select d.installation_id, d.sequence::text from public.event_deliveries d
          where d.workspace_id = $1 and d.stream = $2`,
        [workspaceId, stream],
      );
      expect(deliveries).toStrictEqual([{ installation_id: installationId, sequence: '2' }]);
      // p_notify => false turned the lane trigger's setting on for the insert only.
      const { rows: setting } = await client.query<{ value: string | null }>(
        `select current_setting('shell.defer_lane_notify', true) as value`,
      );
      expect(setting[0]?.value ?? '').toBe('');
    } finally {
      await client.query('rollback');
      await client.end();
    }
  });
});
