import { writeAuditLog, type Db, type Tx } from '@aiconnected/db';
import type { AttemptOutcome } from './post-webhook';

/** One attempt as `event_delivery_attempts` records it. */
export interface AttemptRecord {
  attempt: number;
  startedAt: Date;
  durationMs: number;
  status: number | null;
  outcome: AttemptOutcome;
  error: string | null;
}

/** What became of one delivery in a batch. */
export interface DeliveryOutcome {
  deliveryId: string;
  eventId: string;
  workspaceId: string;
  state: 'pending' | 'delivered' | 'dead_letter' | 'skipped';
  attempts: number;
  /** When the next attempt is due (state pending). */
  nextAttemptAt: Date | null;
  skipReason: 'endpoint_gone' | 'installation_not_enabled' | null;
  /** The attempt made, null for a skip without one. */
  attempt: AttemptRecord | null;
  /** For the dead-letter audit row. */
  eventName: string;
  stream: string;
}

/** The batch's installation, for audit rows and a 410's endpoint disable. */
export interface BatchTarget {
  installationId: string;
  workspaceId: string;
  moduleKey: string;
}

const RECORD_OUTCOMES = `
with outcome as (
  select * from unnest($1::uuid[], $2::text[], $3::int[], $4::timestamptz[], $5::int[],
                       $6::text[], $7::text[])
    as o(id, state, attempts, next_attempt_at, last_status, last_error, skip_reason)
), updated as (
  update public.event_deliveries d
     set state = o.state,
         attempts = o.attempts,
         next_attempt_at = coalesce(o.next_attempt_at, d.next_attempt_at),
         last_status = case when o.attempts > d.attempts then o.last_status else d.last_status end,
         last_error = case when o.attempts > d.attempts then o.last_error else d.last_error end,
         skip_reason = o.skip_reason,
         delivered_at = case when o.state = 'delivered' then now() else d.delivered_at end,
         dead_lettered_at = case when o.state = 'dead_letter' then now() else d.dead_lettered_at end,
         skipped_at = case when o.state = 'skipped' then now() else d.skipped_at end,
         updated_at = now()
    from outcome o
   where d.id = o.id and d.state = 'pending'
  returning d.id
)
-- A data-modifying WITH runs once, to completion, whether or not the insert reads it.
insert into public.event_delivery_attempts
  (delivery_id, workspace_id, attempt, started_at, duration_ms, response_status, outcome, error, worker)
select a.delivery_id, a.workspace_id, a.attempt, a.started_at, a.duration_ms, a.response_status,
       a.outcome, a.error, $16
  from unnest($8::uuid[], $9::uuid[], $10::int[], $11::timestamptz[], $12::int[], $13::int[],
              $14::text[], $15::text[])
    as a(delivery_id, workspace_id, attempt, started_at, duration_ms, response_status, outcome, error)`;

/**
 * The summary state of events whose deliveries changed (docs/events.md "Delivery"):
 * `dead_letter` when any delivery is dead-lettered, else `failed` when a pending one has
 * failed attempts, else `pending` when any is pending, else `delivered` when any was
 * delivered, else `skipped` (every delivery skipped: nobody received it). The rows are locked in id order first: lanes of other installations
 * update the same events, and a fixed lock order keeps them from deadlocking.
 */
const LOCK_EVENTS = `select 1 from public.events where id = any($1::uuid[]) order by id for no key update`;
const SUMMARISE_EVENTS = `
with summary as (
  select d.event_id,
         case when bool_or(d.state = 'dead_letter') then 'dead_letter'
              when bool_or(d.state = 'pending' and d.attempts > 0) then 'failed'
              when bool_or(d.state = 'pending') then 'pending'
              when bool_or(d.state = 'delivered') then 'delivered'
              else 'skipped' end as state,
         sum(d.attempts)::int as attempts
    from public.event_deliveries d
   where d.event_id = any($1::uuid[])
   group by d.event_id
)
update public.events e
   set delivery_state = s.state,
       delivery_attempts = s.attempts,
       delivered_at = case when s.state = 'delivered' then coalesce(e.delivered_at, now()) else e.delivered_at end,
       dead_lettered_at = case when s.state = 'dead_letter' then coalesce(e.dead_lettered_at, now()) else e.dead_lettered_at end
  from summary s
 where e.id = s.event_id
   and (e.delivery_state, e.delivery_attempts) is distinct from (s.state, s.attempts)`;

/** Recomputes the summary state of `eventIds` (see SUMMARISE_EVENTS) inside `tx`. */
export async function summariseEvents(tx: Tx, eventIds: readonly string[]): Promise<void> {
  const ids = [...new Set(eventIds)].sort();
  if (ids.length === 0) return;
  await tx.query(LOCK_EVENTS, [ids]);
  await tx.query(SUMMARISE_EVENTS, [ids]);
}

/**
 * Records a lane batch in one service transaction: every delivery's new state and every
 * attempt in one statement (only deliveries still pending change: an admin's skip during the
 * attempt stands), the events' summary state, an `events.dead_letter` audit row per
 * dead-lettered delivery and, after a 410 (`disableEndpoint`), the installation's webhook
 * endpoint disabled with its pending event deliveries skipped (`endpoint_gone`), audited
 * `events.endpoint_disabled`.
 */
export async function recordLaneBatch(
  db: Db,
  input: {
    target: BatchTarget;
    outcomes: readonly DeliveryOutcome[];
    disableEndpoint: boolean;
    worker: string;
  },
): Promise<void> {
  const { target, outcomes } = input;
  if (outcomes.length === 0 && !input.disableEndpoint) return;
  await db.withService('event delivery: record a lane batch', async (tx) => {
    const attempted = outcomes.filter((o) => o.attempt !== null);
    await tx.query(RECORD_OUTCOMES, [
      outcomes.map((o) => o.deliveryId),
      outcomes.map((o) => o.state),
      outcomes.map((o) => o.attempts),
      outcomes.map((o) => o.nextAttemptAt),
      outcomes.map((o) => o.attempt?.status ?? null),
      outcomes.map((o) => o.attempt?.error ?? null),
      outcomes.map((o) => o.skipReason),
      attempted.map((o) => o.deliveryId),
      attempted.map((o) => o.workspaceId),
      attempted.map((o) => o.attempt?.attempt),
      attempted.map((o) => o.attempt?.startedAt),
      attempted.map((o) => o.attempt?.durationMs),
      attempted.map((o) => o.attempt?.status ?? null),
      attempted.map((o) => o.attempt?.outcome),
      attempted.map((o) => o.attempt?.error ?? null),
      input.worker,
    ]);
    const changedEvents = outcomes.map((o) => o.eventId);
    if (input.disableEndpoint) changedEvents.push(...(await disableEndpoint(tx, target, outcomes)));
    await summariseEvents(tx, changedEvents);
    for (const dead of outcomes.filter((o) => o.state === 'dead_letter')) {
      await writeAuditLog(tx, {
        workspaceId: dead.workspaceId,
        actorUserId: null,
        action: 'events.dead_letter',
        targetType: 'event_delivery',
        targetId: dead.deliveryId,
        metadata: {
          event_id: dead.eventId,
          event_name: dead.eventName,
          module_key: target.moduleKey,
          stream: dead.stream,
          attempts: dead.attempts,
          last_status: dead.attempt?.status ?? null,
          last_error: dead.attempt?.error ?? null,
        },
      });
    }
  });
}

/**
 * A 410 from the module: its webhook endpoint is disabled (until an admin resumes it) and its
 * pending event deliveries skipped; action deliveries stay. Answers the events touched.
 */
async function disableEndpoint(
  tx: Tx,
  target: BatchTarget,
  outcomes: readonly DeliveryOutcome[],
): Promise<string[]> {
  const disabled = await tx.query(
    `update public.module_installations
        set webhooks_disabled_at = now(), webhooks_disabled_reason = 'endpoint_gone'
      where id = $1 and webhooks_disabled_at is null`,
    [target.installationId],
  );
  const skipped = await tx.query<{ event_id: string }>(
    `update public.event_deliveries
        set state = 'skipped', skip_reason = 'endpoint_gone', skipped_at = now(), updated_at = now()
      where installation_id = $1 and kind = 'event' and state = 'pending'
      returning event_id`,
    [target.installationId],
  );
  if (disabled.rowCount) {
    const gone = outcomes.find((o) => o.attempt?.outcome === 'gone');
    await writeAuditLog(tx, {
      workspaceId: target.workspaceId,
      actorUserId: null,
      action: 'events.endpoint_disabled',
      targetType: 'module_installation',
      targetId: target.moduleKey,
      metadata: {
        module_key: target.moduleKey,
        delivery_id: gone?.deliveryId ?? null,
        status: 410,
        skipped: skipped.rowCount ?? 0,
      },
    });
  }
  return skipped.rows.map((row) => row.event_id);
}
