import type { Db } from '@aiconnected/db';

/** The most lanes one sweep wakes; the next sweep takes the rest. */
const SWEEP_LIMIT = 1000;

/**
 * Keys of lanes whose head (first undelivered delivery in `(sequence, kind)` order) is pending
 * and due (`<installation_id>/<stream>`): what a lost notification or a lapsed wake-up left
 * behind. A lane waiting behind a dead-lettered head, whose head backs off until later (its
 * wake-up job is queued), or whose installation's workspace is not active (held until it is:
 * the first sweep after the reactivation finds it) is not one. The lanes with due work are found on the due index, then
 * each lane's head is one probe of the lane index: a sweep costs the due rows plus one probe per
 * lane, not one probe per due row (which, on a backlog of 1,000 per lane, made each sweep read
 * the lane index a million times and outlast its interval).
 */
export async function dueLanes(db: Db): Promise<string[]> {
  const { rows } = await db.withService('event delivery: sweep for due lanes', (tx) =>
    tx.query<{ lane: string }>(
      `select due.installation_id::text || '/' || due.stream as lane
         from (select distinct d.installation_id, d.stream
                 from public.event_deliveries d
                where d.state = 'pending' and d.next_attempt_at <= now()) due
         join public.module_installations i on i.id = due.installation_id
         join public.workspaces w on w.id = i.workspace_id and w.status = 'active'
         cross join lateral (
           select h.state, h.next_attempt_at
             from public.event_deliveries h
            where h.installation_id = due.installation_id and h.stream = due.stream
              and h.state in ('pending', 'dead_letter')
            order by h.sequence, h.kind
            limit 1) head
        where head.state = 'pending' and head.next_attempt_at <= now()
        limit ${SWEEP_LIMIT}`,
    ),
  );
  return rows.map((row) => row.lane);
}
