import type { Db } from '@aiconnected/db';
import { runProducers, type ProducersRun } from './run-producers';

/**
 * The baseline of `npm run bench:events`: a plain INSERT loop into a table shaped like
 * `public.events` (uuid key, workspace, name, stream, sequence, JSON payload, idempotency key
 * unique per workspace and stream, timestamps), one autocommitted statement per row, from
 * `producers` concurrent loops on the same database: what the database does with no event bus
 * around it. The table is created and dropped here.
 */
export async function runInsertBaseline(
  db: Db,
  workspaceId: string,
  producers: number,
  perProducer: number,
): Promise<ProducersRun> {
  await db.pool.query(`
    create table public.bench_insert_baseline (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null,
      event_name text not null,
      stream text not null,
      sequence bigint not null,
      payload_json jsonb not null,
      idempotency_key text not null,
      occurred_at timestamptz not null default now(),
      recorded_at timestamptz not null default now(),
      unique (workspace_id, stream, idempotency_key)
    )`);
  try {
    return await runProducers(producers, perProducer, (producer, index) =>
      db.pool.query(
        `insert into public.bench_insert_baseline
           (workspace_id, event_name, stream, sequence, payload_json, idempotency_key)
         values ($1, 'bench-emitter.tick', $2, $3, $4, $5)`,
        [
          workspaceId,
          `c-${producer}`,
          index + 1,
          JSON.stringify({ n: index }),
          `c-${producer}-${index}`,
        ],
      ),
    );
  } finally {
    await db.pool.query('drop table public.bench_insert_baseline');
  }
}
