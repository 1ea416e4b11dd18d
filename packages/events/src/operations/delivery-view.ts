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
}

/** The select list of a `DeliveryRow` from `public.event_deliveries d`. */
export const DELIVERY_COLUMNS = `d.id, d.event_id, d.workspace_id, d.installation_id, d.module_key,
  d.kind, d.action, d.stream, d.state, d.attempts, d.next_attempt_at, d.last_status, d.last_error,
  d.skip_reason, d.replays, d.delivered_at, d.dead_lettered_at, d.skipped_at`;

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
  };
}
