import { shellCallText, writeAuditLog, type Db, type Tx } from '@aiconnected/db';
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

/**
 * Recomputes the summary state of `eventIds` inside `tx` (which runs as service_role):
 * `shell.summarise_events` (migration 050), the one definition of the summary
 * (docs/events.md "Delivery"): `dead_letter` when any delivery is dead-lettered, else `failed`
 * when a pending one has failed attempts, else `pending` when any is pending, else
 * `delivered` when any was delivered, else `skipped`. It locks the events in id order first:
 * lanes of other installations update the same events.
 */
export async function summariseEvents(tx: Tx, eventIds: readonly string[]): Promise<void> {
  const ids = [...new Set(eventIds)].sort();
  if (ids.length === 0) return;
  await tx.query('select shell.summarise_events($1::uuid[])', [ids]);
}

const RECORD_REASON = 'event delivery: record a lane batch';
const RECORD_FUNCTION = 'shell.record_lane_batch';

/**
 * Records a lane batch with `shell.record_lane_batch` (migrations 050, 055): every delivery's
 * new state, every attempt and the summary of the events whose deliveries are all in the batch
 * in one statement (only deliveries of `target.installationId` that are still pending change:
 * an admin's skip during the attempt stands; each attempt takes its delivery row's workspace),
 * after a 410 (`disableEndpoint`) the installation's webhook endpoint disabled with its pending
 * event deliveries skipped (`endpoint_gone`), and the other events' summary state. Its commit does not wait for the WAL flush (synchronous_commit off for
 * that transaction): a record lost in a crash leaves the delivery pending, POSTed again with
 * the same `webhook-id`. The common batch is one prepared call (`db.callService`, its own
 * implicit transaction); a batch with a dead-lettered delivery or a 410 makes the same call in
 * a service transaction that also writes its audit rows (`events.dead_letter` per
 * dead-lettered delivery, `events.endpoint_disabled`).
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
  const args = recordArgs(input);
  const dead = outcomes.filter((o) => o.state === 'dead_letter');
  if (dead.length === 0 && !input.disableEndpoint) {
    await db.callService(RECORD_REASON, RECORD_FUNCTION, args);
    return;
  }
  await db.withService(RECORD_REASON, async (tx) => {
    const { rows } = await tx.query<{ endpoint_disabled: boolean; skipped: number }>(
      shellCallText(RECORD_FUNCTION, args.length),
      args,
    );
    if (rows[0]?.endpoint_disabled) {
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
          skipped: rows[0].skipped,
        },
      });
    }
    for (const delivery of dead) {
      await writeAuditLog(tx, {
        workspaceId: delivery.workspaceId,
        actorUserId: null,
        action: 'events.dead_letter',
        targetType: 'event_delivery',
        targetId: delivery.deliveryId,
        metadata: {
          event_id: delivery.eventId,
          event_name: delivery.eventName,
          module_key: target.moduleKey,
          stream: delivery.stream,
          attempts: delivery.attempts,
          last_status: delivery.attempt?.status ?? null,
          last_error: delivery.attempt?.error ?? null,
        },
      });
    }
  });
}

/** `shell.record_lane_batch`'s arguments, in order. */
function recordArgs(input: {
  target: BatchTarget;
  outcomes: readonly DeliveryOutcome[];
  disableEndpoint: boolean;
  worker: string;
}): unknown[] {
  const { outcomes } = input;
  const attempted = outcomes.filter((o) => o.attempt !== null);
  return [
    outcomes.map((o) => o.deliveryId),
    outcomes.map((o) => o.state),
    outcomes.map((o) => o.attempts),
    outcomes.map((o) => o.nextAttemptAt),
    outcomes.map((o) => o.attempt?.status ?? null),
    outcomes.map((o) => o.attempt?.error ?? null),
    outcomes.map((o) => o.skipReason),
    attempted.map((o) => o.deliveryId),
    attempted.map((o) => o.attempt?.attempt),
    attempted.map((o) => o.attempt?.startedAt),
    attempted.map((o) => o.attempt?.durationMs),
    attempted.map((o) => o.attempt?.status ?? null),
    attempted.map((o) => o.attempt?.outcome),
    attempted.map((o) => o.attempt?.error ?? null),
    input.worker,
    input.target.installationId,
    input.disableEndpoint,
  ];
}
