import { formatEventSequence, type EventEnvelope } from '@aiconnected/sdk-contracts';

/** The columns of `public.events` an envelope is built from, as pg returns them. */
export interface EventRow {
  id: string;
  workspace_id: string;
  event_name: string;
  source: string;
  stream: string;
  /** bigint: pg answers a decimal string. */
  sequence: string | number | bigint;
  payload_json: unknown;
  correlation_id: string;
  idempotency_key: string;
  occurred_at: Date;
}

/**
 * The CloudEvents envelope of a stored event (contract `event-envelope` 2.0.0): what a
 * delivery POSTs and the API shows. `sequence` is the 20-digit zero-padded stream position.
 */
export function toEventEnvelope(row: EventRow): EventEnvelope {
  return {
    id: row.id,
    source: row.source,
    type: row.event_name,
    specversion: '1.0',
    time: row.occurred_at.toISOString(),
    datacontenttype: 'application/json',
    data: row.payload_json as EventEnvelope['data'],
    workspaceid: row.workspace_id,
    partitionkey: row.stream,
    sequence: formatEventSequence(row.sequence),
    correlationid: row.correlation_id,
    idempotencykey: row.idempotency_key,
  };
}
