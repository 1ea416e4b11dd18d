import type { Tx } from '@aiconnected/db';
import type { EventSummaryState, ModuleWebhookAction } from '@aiconnected/sdk-contracts';

// The one TypeScript caller of `shell.emit_event` (migrations 041, 043: the event row, its
// fan-out to the subscribers and idempotency, in one statement). It lives here, below
// @aiconnected/events, so that the module lifecycle transitions can store their shell events
// in their own transaction without a package cycle; @aiconnected/events validates every other
// producer first and stores through it too (docs/events.md "Emit").

/** The function `db.callService` runs for an emit that needs no transaction of its own. */
export const EMIT_EVENT_FUNCTION = 'shell.emit_event';

/** An event to store: already checked (producer, name, schema, size) by its caller. */
export interface StoreEventInput {
  workspaceId: string;
  eventName: string;
  /** `/shell`, `/modules/<key>` or `/users/<id>`. */
  source: string;
  stream: string;
  payload: unknown;
  /**
   * `payload` as JSON text when the caller has it already (@aiconnected/events' check made it
   * while measuring the payload): sent as it is instead of serialized again.
   */
  payloadJson?: string;
  correlationId: string;
  idempotencyKey: string;
  /** A lifecycle callback to the module's own installation, when its manifest declares it. */
  action?: { installationId: string; action: ModuleWebhookAction };
}

/** What `shell.emit_event` answers. */
export interface StoredEvent {
  event_id: string;
  /** bigint, as pg answers it: a decimal string. */
  event_sequence: string;
  delivery_state: EventSummaryState;
  /** The key was seen before: this is the first event, nothing was stored. */
  duplicate: boolean;
  /** A duplicate whose first event had another name, stream or payload. */
  conflict: boolean;
  /** The lanes (`<installation_id>/<stream>`) it wrote deliveries to; empty for a duplicate. */
  lanes: string[];
}

/**
 * The arguments of `shell.emit_event`, in order (for `tx.query` and `db.callService`).
 * `notify` false: no NOTIFY for the deliveries; the caller announces `lanes` after its commit.
 */
export function storeEventArgs(input: StoreEventInput, notify = true): unknown[] {
  return [
    input.workspaceId,
    input.eventName,
    input.source,
    input.stream,
    // Always JSON text: pg would send a JS array as a Postgres array, a string unquoted.
    input.payloadJson ?? JSON.stringify(input.payload),
    input.correlationId,
    input.idempotencyKey,
    input.action?.installationId ?? null,
    input.action?.action ?? null,
    notify,
  ];
}

/** The one row `shell.emit_event` answers. */
export function storedEventOf(rows: StoredEvent[]): StoredEvent {
  const [row] = rows;
  if (!row) throw new Error('shell.emit_event answered no row');
  return row;
}

/**
 * Stores an event in `tx`, which must be running as service_role (asServiceRole, withService).
 * Its deliveries NOTIFY their lanes on commit (the trigger of migration 040), unless `notify`
 * is false: then the caller announces the answer's `lanes` after its commit.
 */
export async function storeEvent(
  tx: Tx,
  input: StoreEventInput,
  notify = true,
): Promise<StoredEvent> {
  const { rows } = await tx.query<StoredEvent>(
    `select * from ${EMIT_EVENT_FUNCTION}($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    storeEventArgs(input, notify),
  );
  return storedEventOf(rows);
}
