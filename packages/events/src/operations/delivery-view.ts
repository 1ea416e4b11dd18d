import type { EventDeliveryView } from '@aiconnected/sdk-contracts';

/** An `event_deliveries` row as the views read it (alias `d`). */
export interface DeliveryRow {
  id: string;
  event_id: string;
  workspace_id: string;
  installation_id: string;
  module_key: string;
  kind: EventDeliveryView['kind'];
  action: EventDeliveryView['action'];
  stream: string;
  state: EventDeliveryView['state'];
  attempts: number;
  next_attempt_at: Date;
  last_status: number | null;
  last_error: string | null;
  skip_reason: EventDeliveryView['skip_reason'];
  replays: number;
  delivered_at: Date | null;
  dead_lettered_at: Date | null;
  skipped_at: Date | null;
  /** Pending behind a dead-lettered delivery of its lane (`WAITING_BEHIND_DEAD_LETTER`). */
  behind_dead_letter: boolean;
}

/**
 * Whether `d` is pending behind a dead letter: an earlier delivery of its lane (installation
 * and stream, in `(sequence, kind)` order) is dead-lettered, so the lane waits for an admin
 * (docs/events.md "Dead letter"). One probe of 040's lane index, pending rows only.
 */
const WAITING_BEHIND_DEAD_LETTER = `(d.state = 'pending' and exists (
    select 1 from public.event_deliveries h
     where h.installation_id = d.installation_id and h.stream = d.stream
       and h.state = 'dead_letter' and (h.sequence, h.kind) < (d.sequence, d.kind)))`;

/** The select list of a `DeliveryRow` from `public.event_deliveries d`. */
export const DELIVERY_COLUMNS = `d.id, d.event_id, d.workspace_id, d.installation_id, d.module_key,
  d.kind, d.action, d.stream, d.state, d.attempts, d.next_attempt_at, d.last_status, d.last_error,
  d.skip_reason, d.replays, d.delivered_at, d.dead_lettered_at, d.skipped_at,
  ${WAITING_BEHIND_DEAD_LETTER} as behind_dead_letter`;

/**
 * The API's view of a delivery: `next_attempt_at` only while it is pending (a delivered,
 * dead-lettered or skipped delivery has no next attempt).
 */
export function toDeliveryView(row: DeliveryRow): EventDeliveryView {
  return {
    id: row.id,
    event_id: row.event_id,
    module_key: row.module_key,
    kind: row.kind,
    action: row.action,
    state: row.state,
    attempts: row.attempts,
    next_attempt_at: row.state === 'pending' ? row.next_attempt_at.toISOString() : null,
    last_status: row.last_status,
    last_error: row.last_error,
    skip_reason: row.skip_reason,
    replays: row.replays,
    delivered_at: row.delivered_at?.toISOString() ?? null,
    dead_lettered_at: row.dead_lettered_at?.toISOString() ?? null,
    skipped_at: row.skipped_at?.toISOString() ?? null,
    behind_dead_letter: row.behind_dead_letter,
  };
}
