import { z } from 'zod';
import { jsonValueSchema } from '../common/json';
import { correlationIdSchema, moduleKeySchema, timestampSchema } from '../common/keys';
import { pageSchema } from '../common/page';
import { safeText } from '../common/safe-text';
import { displayText } from '../modules/display-text';
import { MODULE_WEBHOOK_ACTIONS } from '../modules/manifest-runtime';
import { moduleInstallationStateSchema } from '../modules/module-installation';
import { EVENT_SEQUENCE_PATTERN } from './event-envelope';
import { eventNameSchema } from './event-name';

// The event bus API (PRD §21, docs/events.md): emit, the event monitor, dead letter, replay
// and subscriptions. snake_case resources, as the rest of the API.

/**
 * An ordering stream (the envelope's `partitionkey`): 1-200 characters, stored as sent, free of
 * `textProblem`s (no NUL or other control character, no lone surrogate: a 422, never a
 * database error or a stream silently renamed).
 */
export const eventStreamSchema = displayText(1, 200).meta({
  description: 'Ordering stream; events of one stream are delivered in order',
});

const sequenceSchema = z
  .string()
  .regex(EVENT_SEQUENCE_PATTERN)
  .meta({ description: 'Position in the stream from 1, 20 zero-padded digits' });

/**
 * `POST /events`: a module (API key) or an admin (`events.manage`) emits one event. Strict: an
 * unknown key is refused, not dropped (a misspelt `idempotency_key` must not pass unnoticed).
 */
export const emitEventRequestSchema = z
  .strictObject({
    event_name: eventNameSchema,
    payload: jsonValueSchema.meta({
      description: "The event's data, valid against the schema its emitter declares",
    }),
    idempotency_key: displayText(1, 200).meta({
      description: 'Same key again returns the first event and stores nothing',
    }),
    correlation_id: correlationIdSchema.optional(),
    stream: eventStreamSchema.default('default'),
    workspace_id: z.uuid().optional().meta({
      description:
        "User callers: the workspace (default the active one); modules are bound to their installation's",
    }),
  })
  .meta({ id: 'EmitEventRequest', description: 'An event to emit' });
export type EmitEventRequest = z.input<typeof emitEventRequestSchema>;

/** The state of one delivery of an event to one installation. */
export const EVENT_DELIVERY_STATES = ['pending', 'delivered', 'dead_letter', 'skipped'] as const;
export const eventDeliveryStateSchema = z
  .enum(EVENT_DELIVERY_STATES)
  .meta({ id: 'EventDeliveryState', description: 'State of one delivery' });
export type EventDeliveryState = z.infer<typeof eventDeliveryStateSchema>;

/** The summary state of an event over its deliveries. */
export const EVENT_SUMMARY_STATES = [
  'pending',
  'delivered',
  'failed',
  'dead_letter',
  'no_subscribers',
  'skipped',
] as const;
export const eventSummaryStateSchema = z
  .enum(EVENT_SUMMARY_STATES)
  .meta({ id: 'EventSummaryState', description: "Summary of an event's deliveries" });
export type EventSummaryState = z.infer<typeof eventSummaryStateSchema>;

/** The answer to an emit: 201 for a new event, 200 with `duplicate` for a repeated key. */
export const emitEventResponseSchema = z
  .object({
    event_id: z.uuid(),
    delivery_state: eventSummaryStateSchema,
    sequence: sequenceSchema,
    duplicate: z
      .boolean()
      .meta({ description: 'True when the idempotency key was seen: the first event' }),
  })
  .meta({ id: 'EmitEventResponse', description: 'The stored event' });
export type EmitEventResponse = z.infer<typeof emitEventResponseSchema>;

/** The most events one `POST /events/batch` carries. */
export const EMIT_BATCH_MAX_EVENTS = 100;

/** One event of a batch: as `POST /events` without `workspace_id` (the batch names it). */
export const emitBatchItemSchema = emitEventRequestSchema
  .omit({ workspace_id: true })
  .meta({ id: 'EmitBatchItem', description: 'An event of a batch' });
export type EmitBatchItem = z.input<typeof emitBatchItemSchema>;

/**
 * `POST /events/batch`: 1 to 100 events stored in one transaction, all or none (bulk imports).
 * Strict, as `POST /events`; the whole body is capped by the API's body limit (1 MiB).
 */
export const emitEventsRequestSchema = z
  .strictObject({
    events: z
      .array(emitBatchItemSchema)
      .min(1)
      .max(EMIT_BATCH_MAX_EVENTS)
      .meta({
        description: `1 to ${EMIT_BATCH_MAX_EVENTS} events, stored in this order`,
      }),
    workspace_id: z.uuid().optional().meta({
      description:
        "User callers: the workspace of every event (default the active one); modules are bound to their installation's",
    }),
  })
  .meta({ id: 'EmitEventsRequest', description: 'Events to emit in one transaction' });
export type EmitEventsRequest = z.input<typeof emitEventsRequestSchema>;

/** The answer to a batch: one item per event, in request order. */
export const emitEventsResponseSchema = z
  .object({ items: z.array(emitEventResponseSchema) })
  .meta({ id: 'EmitEventsResponse', description: 'The stored events, in request order' });
export type EmitEventsResponse = z.infer<typeof emitEventsResponseSchema>;

/** Why a delivery was skipped. */
export const EVENT_SKIP_REASONS = ['admin', 'endpoint_gone', 'installation_not_enabled'] as const;
/** Whether a delivery carries an event to its consumer or calls a lifecycle action. */
export const EVENT_DELIVERY_KINDS = ['event', 'action'] as const;

/** One delivery of an event to one installation (`event_deliveries`). */
export const eventDeliveryViewSchema = z
  .object({
    id: z.uuid().meta({ description: 'Delivery id: the webhook-id header, stable on retries' }),
    event_id: z.uuid(),
    module_key: moduleKeySchema,
    kind: z.enum(EVENT_DELIVERY_KINDS),
    action: z.enum(MODULE_WEBHOOK_ACTIONS).nullable(),
    state: eventDeliveryStateSchema,
    attempts: z.int().min(0),
    next_attempt_at: timestampSchema.nullable(),
    last_status: z.int().nullable().meta({ description: 'HTTP status of the last attempt' }),
    last_error: z.string().nullable(),
    skip_reason: z.enum(EVENT_SKIP_REASONS).nullable(),
    replays: z.int().min(0),
    delivered_at: timestampSchema.nullable(),
    dead_lettered_at: timestampSchema.nullable(),
    skipped_at: timestampSchema.nullable(),
    behind_dead_letter: z.boolean().meta({
      description:
        'Pending behind a dead-lettered delivery of the same module and stream: sent once that one is retried, skipped or replayed',
    }),
  })
  .meta({ id: 'EventDelivery', description: 'One delivery of an event to one installation' });
export type EventDeliveryView = z.infer<typeof eventDeliveryViewSchema>;

/** The outcome of one delivery attempt. */
export const EVENT_ATTEMPT_OUTCOMES = [
  'delivered',
  'failed',
  'timeout',
  'unreachable',
  'refused',
  'gone',
] as const;

/** One HTTP attempt of a delivery (`event_delivery_attempts`). */
export const eventDeliveryAttemptViewSchema = z
  .object({
    attempt: z.int().min(1),
    started_at: timestampSchema,
    duration_ms: z.int().min(0),
    response_status: z.int().nullable(),
    outcome: z.enum(EVENT_ATTEMPT_OUTCOMES),
    error: z.string().nullable(),
  })
  .meta({ id: 'EventDeliveryAttempt', description: 'One attempt of a delivery' });
export type EventDeliveryAttemptView = z.infer<typeof eventDeliveryAttemptViewSchema>;

const eventFields = {
  id: z.uuid(),
  workspace_id: z.uuid(),
  event_name: eventNameSchema,
  source: z.string().meta({ description: '/shell, /modules/<key> or /users/<id>' }),
  stream: z.string(),
  sequence: sequenceSchema,
  correlation_id: z.string(),
  occurred_at: timestampSchema,
  recorded_at: timestampSchema,
  delivery_state: eventSummaryStateSchema,
  payload: jsonValueSchema,
};

/** An event with its deliveries, as `GET /events` lists it. */
export const eventViewSchema = z
  .object({ ...eventFields, deliveries: z.array(eventDeliveryViewSchema) })
  .meta({ id: 'Event', description: 'A stored event with its deliveries' });
export type EventView = z.infer<typeof eventViewSchema>;

/** An event with every attempt of each delivery (`GET /events/{event_id}`). */
export const eventDetailViewSchema = z
  .object({
    ...eventFields,
    deliveries: z.array(
      eventDeliveryViewSchema.extend({ attempts_log: z.array(eventDeliveryAttemptViewSchema) }),
    ),
  })
  .meta({ id: 'EventDetail', description: 'A stored event with its deliveries and attempts' });
export type EventDetailView = z.infer<typeof eventDetailViewSchema>;

const cursorSchema = safeText(512).meta({
  description: '`next_cursor` of the previous page, as returned (opaque)',
});
const limitSchema = z.coerce
  .number()
  .int()
  .min(1)
  .max(100)
  .default(50)
  .meta({ description: 'Page size, 1 to 100 (default 50)' });

/** `GET /events`: newest first (keyset on recorded_at, id). */
export const eventListQuerySchema = z.object({
  workspace_id: z.uuid().optional(),
  event_name: eventNameSchema.optional(),
  stream: eventStreamSchema.optional(),
  correlation_id: correlationIdSchema.optional(),
  state: eventSummaryStateSchema.optional(),
  cursor: cursorSchema.optional(),
  limit: limitSchema,
});
export type EventListQuery = z.infer<typeof eventListQuerySchema>;

export const eventPageSchema = pageSchema(eventViewSchema).meta({ id: 'EventPage' });
export type EventPage = z.infer<typeof eventPageSchema>;

/** `GET /events/dead-letter`: the dead-lettered deliveries of a workspace, newest first. */
export const deadLetterListQuerySchema = z.object({
  workspace_id: z.uuid(),
  module_key: moduleKeySchema.optional(),
  cursor: cursorSchema.optional(),
  limit: limitSchema,
});
export type DeadLetterListQuery = z.infer<typeof deadLetterListQuerySchema>;

/** A dead-lettered delivery with what identifies its event. */
export const deadLetterViewSchema = eventDeliveryViewSchema
  .extend({
    event_name: eventNameSchema,
    stream: z.string(),
    sequence: sequenceSchema,
    recorded_at: timestampSchema,
  })
  .meta({ id: 'DeadLetter', description: 'A dead-lettered delivery and its event' });
export type DeadLetterView = z.infer<typeof deadLetterViewSchema>;

export const deadLetterPageSchema = pageSchema(deadLetterViewSchema).meta({
  id: 'DeadLetterPage',
});
export type DeadLetterPage = z.infer<typeof deadLetterPageSchema>;

/** The most deliveries one replay may reset. */
export const REPLAY_MAX_DELIVERIES = 10_000;

/** `POST /events/replay`: deliver again a stream or a time range (of `recorded_at`); strict. */
export const replayRequestSchema = z
  .strictObject({
    workspace_id: z.uuid(),
    module_key: moduleKeySchema.optional(),
    stream: eventStreamSchema.optional(),
    from: timestampSchema.optional().meta({ description: 'Recorded at or after (inclusive)' }),
    to: timestampSchema.optional().meta({ description: 'Recorded before (exclusive)' }),
  })
  .refine(
    (request) =>
      request.stream !== undefined || request.from !== undefined || request.to !== undefined,
    { message: 'Name a stream or a from/to range', path: ['stream'] },
  )
  .meta({
    id: 'ReplayRequest',
    description: `Deliveries to replay: a stream or a time range, at most ${REPLAY_MAX_DELIVERIES}`,
  });
export type ReplayRequest = z.infer<typeof replayRequestSchema>;

export const replayResponseSchema = z
  .object({ replayed: z.int().min(0) })
  .meta({ id: 'ReplayResponse', description: 'How many deliveries were queued again' });
export type ReplayResponse = z.infer<typeof replayResponseSchema>;

/** One installation as a subscriber: what it consumes and how its deliveries stand. */
export const eventSubscriptionViewSchema = z
  .object({
    module_key: moduleKeySchema,
    installation_id: z.uuid(),
    version: z.string(),
    state: moduleInstallationStateSchema,
    consumes: z.array(eventNameSchema),
    events_path: z.string().nullable(),
    actions: z.array(z.enum(MODULE_WEBHOOK_ACTIONS)),
    endpoint: z.enum(['active', 'disabled']),
    disabled_reason: z.enum(['endpoint_gone', 'admin']).nullable(),
    disabled_at: timestampSchema.nullable(),
    pending: z.int().min(0),
    dead_letter: z.int().min(0),
    last_delivered_at: timestampSchema.nullable(),
    last_failure_at: timestampSchema.nullable(),
  })
  .meta({ id: 'EventSubscription', description: "A module installation's event subscription" });
export type EventSubscriptionView = z.infer<typeof eventSubscriptionViewSchema>;

/** `POST /events/subscriptions/{module_key}/resume`: the workspace, and whether to re-deliver. */
export const resumeEndpointRequestSchema = z
  .strictObject({
    workspace_id: z.uuid(),
    redeliver_skipped: z.boolean().optional().meta({
      description:
        'Also send again the event deliveries skipped because the endpoint was off (skip_reason endpoint_gone), in order, with their webhook-id (default false)',
    }),
  })
  .meta({ id: 'ResumeEndpointRequest', description: 'Resume a module’s webhook endpoint' });
export type ResumeEndpointRequest = z.infer<typeof resumeEndpointRequestSchema>;

export const resumedSubscriptionSchema = eventSubscriptionViewSchema
  .extend({
    redelivered: z.int().min(0).meta({
      description: 'Skipped deliveries queued again (0 unless redeliver_skipped)',
    }),
  })
  .meta({ id: 'ResumedSubscription', description: 'The subscription, resumed' });
export type ResumedSubscription = z.infer<typeof resumedSubscriptionSchema>;
