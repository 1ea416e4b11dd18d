import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { setupOpsDatabase } from '../operations/support';

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
