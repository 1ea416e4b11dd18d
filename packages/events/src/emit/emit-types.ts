import type { EventSummaryState } from '@aiconnected/sdk-contracts';
import type { EventProducer } from '../producer';

/** One event to emit (`POST /events`, or shell code in its own transaction). */
export interface EmitEventInput {
  producer: EventProducer;
  workspaceId: string;
  eventName: string;
  /** The event's data: valid against the schema its emitter declares. */
  payload: unknown;
  /** Per (workspace, source): the same key again answers the first event and stores nothing. */
  idempotencyKey: string;
  correlationId: string;
  /** Ordering stream; default `default`. */
  stream?: string;
}

export interface EmitEventResult {
  eventId: string;
  deliveryState: EventSummaryState;
  /** 20 zero-padded digits (`formatEventSequence`). */
  sequence: string;
  duplicate: boolean;
}

/** The stream an event goes to when the emitter names none. */
export const DEFAULT_EVENT_STREAM = 'default';
