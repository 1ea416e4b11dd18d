import type { Db } from '@aiconnected/db';

/** The most lanes one sweep wakes; the next sweep takes the rest. */
const SWEEP_LIMIT = 1000;

/**
 * Keys of lanes whose head is a pending delivery that is due (`<installation_id>/<stream>`):
 * what a lost notification or a lapsed wake-up left behind. A lane waiting behind a
 * dead-lettered delivery is not one (nothing to do until an admin acts).
 */
export async function dueLanes(db: Db): Promise<string[]> {
  const { rows } = await db.withService('event delivery: sweep for due lanes', (tx) =>
    tx.query<{ lane: string }>(
      `select distinct d.installation_id::text || '/' || d.stream as lane
         from public.event_deliveries d
        where d.state = 'pending' and d.next_attempt_at <= now()
          and not exists (
            select 1 from public.event_deliveries h
             where h.installation_id = d.installation_id and h.stream = d.stream
               and h.state = 'dead_letter' and (h.sequence, h.kind) < (d.sequence, d.kind))
        limit ${SWEEP_LIMIT}`,
    ),
  );
  return rows.map((row) => row.lane);
}
