import type { Db } from '@aiconnected/db';
import { MIN_RETENTION_DAYS } from './delivery-settings';

const BATCH = 1000;

/**
 * Deletes events recorded more than `retentionDays` (at least 180) days ago, in batches of
 * 1000 (their deliveries and attempts cascade), and answers how many. The newest event of each
 * stream is kept whatever its age: the sequence trigger numbers a stream from its newest row,
 * so deleting it would start the stream at 1 again. The database refuses younger rows anyway
 * (migration 007's trigger).
 */
export async function deleteExpiredEvents(db: Db, retentionDays: number): Promise<number> {
  const days = Math.max(MIN_RETENTION_DAYS, Math.floor(retentionDays));
  let total = 0;
  for (;;) {
    const { rowCount } = await db.withService('event retention: delete expired events', (tx) =>
      tx.query(
        `delete from public.events
          where id in (
            select e.id from public.events e
             where e.recorded_at < now() - make_interval(days => $1)
               and exists (select 1 from public.events n
                            where n.workspace_id = e.workspace_id and n.stream = e.stream
                              and n.sequence > e.sequence)
             order by e.recorded_at
             limit ${BATCH})`,
        [days],
      ),
    );
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < BATCH) return total;
  }
}
