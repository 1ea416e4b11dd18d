import { formatEventSequence, type EventSummaryState } from '@aiconnected/sdk-contracts';
import type { JsonValue } from '@aiconnected/sdk-contracts';

/** An `events` row as the monitor reads it (alias `e`). */
export interface EventViewRow {
  id: string;
  workspace_id: string;
  event_name: string;
  source: string;
  stream: string;
  sequence: string;
  correlation_id: string;
  occurred_at: Date;
  recorded_at: Date;
  delivery_state: EventSummaryState;
  payload_json: JsonValue;
  /** `recorded_at` with microseconds, for the cursor. */
  position: string;
}

/** The select list of an `EventViewRow` from `public.events e`. */
export const EVENT_VIEW_COLUMNS = `e.id, e.workspace_id, e.event_name, e.source, e.stream,
  e.sequence::text as sequence, e.correlation_id, e.occurred_at, e.recorded_at, e.delivery_state,
  e.payload_json,
  to_char(e.recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as position`;

/** The event's fields of `EventView` (without its deliveries). */
export function toEventFields(row: EventViewRow) {
  return {
    id: row.id,
    workspace_id: row.workspace_id,
    event_name: row.event_name,
    source: row.source,
    stream: row.stream,
    sequence: formatEventSequence(row.sequence),
    correlation_id: row.correlation_id,
    occurred_at: row.occurred_at.toISOString(),
    recorded_at: row.recorded_at.toISOString(),
    delivery_state: row.delivery_state,
    payload: row.payload_json,
  };
}
