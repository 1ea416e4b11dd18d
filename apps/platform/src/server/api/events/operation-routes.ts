import { createRoute, z } from '@hono/zod-openapi';
import {
  deadLetterListQuerySchema,
  deadLetterPageSchema,
  eventDeliveryViewSchema,
  eventSubscriptionViewSchema,
  moduleKeySchema,
  REPLAY_MAX_DELIVERIES,
  replayRequestSchema,
  replayResponseSchema,
  resumedSubscriptionSchema,
  resumeEndpointRequestSchema,
  type ErrorCode,
} from '@aiconnected/sdk-contracts';
import { errorResponses, GUARD_ERRORS } from '../http/error-responses';
import { jsonBody, jsonResponse } from '../http/json-schemas';
import { eventsAccess } from './event-access';

// The dead letter, replay and subscriptions (docs/events.md "Dead letter and replay").

const workspaceBody = z.strictObject({ workspace_id: z.uuid() });
const deliveryParams = z.object({
  delivery_id: z.uuid().meta({ description: 'The delivery (the `webhook-id` modules receive)' }),
});

const READ_ERRORS = [
  ...GUARD_ERRORS,
  'PERMISSION_DENIED',
  'WORKSPACE_FORBIDDEN',
  'VALIDATION_BLOCKING',
] as const satisfies readonly ErrorCode[];
const CHANGE_ERRORS = [
  ...READ_ERRORS,
  'NOT_FOUND',
  'CONFLICT',
] as const satisfies readonly ErrorCode[];

export function deadLetterRoute() {
  return createRoute({
    method: 'get',
    path: '/events/dead-letter',
    operationId: 'listDeadLetters',
    ...eventsAccess(),
    tags: ['events'],
    summary: 'Dead-lettered deliveries of a workspace',
    description:
      'The deliveries that used their last attempt, the most recent first, each with its event’s name, ' +
      'stream, sequence and recording time; optionally one module’s. Each one holds up the later ' +
      'deliveries of its stream to that module until it is retried or skipped (or replayed). Keyset-paginated.',
    request: { query: deadLetterListQuerySchema },
    responses: {
      200: jsonResponse(deadLetterPageSchema, 'A page of dead-lettered deliveries'),
      ...errorResponses(READ_ERRORS),
    },
  });
}

export function retryRoute() {
  return createRoute({
    method: 'post',
    path: '/events/deliveries/{delivery_id}/retry',
    operationId: 'retryEventDelivery',
    ...eventsAccess(),
    tags: ['events'],
    summary: 'Retry a dead-lettered delivery',
    description:
      'Puts the delivery back to `pending` with a fresh retry schedule (attempts 0, next attempt now): it is ' +
      'sent again with the same `webhook-id`, then the deliveries its stream held back, in order. A delivery ' +
      'the workspace does not have is `NOT_FOUND`; one that is not dead-lettered `CONFLICT` ' +
      '(`details: { reason: "state", state }`). Audited as `events.delivery_retry`.',
    request: { params: deliveryParams, body: jsonBody(workspaceBody) },
    responses: {
      200: jsonResponse(eventDeliveryViewSchema, 'Queued again'),
      ...errorResponses(CHANGE_ERRORS),
    },
  });
}

export function skipRoute() {
  return createRoute({
    method: 'post',
    path: '/events/deliveries/{delivery_id}/skip',
    operationId: 'skipEventDelivery',
    ...eventsAccess(),
    tags: ['events'],
    summary: 'Skip a dead-lettered or pending delivery',
    description:
      'Gives the delivery up (`skipped`, `skip_reason: "admin"`): the module does not receive that event ' +
      '(unless it is replayed) and the deliveries its stream held back go out, in order. A delivery the ' +
      'workspace does not have is `NOT_FOUND`; a delivered or skipped one `CONFLICT` ' +
      '(`details: { reason: "state", state }`). Audited as `events.delivery_skip`.',
    request: { params: deliveryParams, body: jsonBody(workspaceBody) },
    responses: {
      200: jsonResponse(eventDeliveryViewSchema, 'Skipped'),
      ...errorResponses(CHANGE_ERRORS),
    },
  });
}

export function replayRoute() {
  return createRoute({
    method: 'post',
    path: '/events/replay',
    operationId: 'replayEvents',
    ...eventsAccess(),
    tags: ['events'],
    summary: 'Replay a stream or a time range',
    description:
      'Sends the workspace’s events again: those of `stream`, or recorded in [`from`, `to`), or both, to ' +
      'every subscriber or to `module_key` only. Each of their deliveries that is not pending (delivered, ' +
      'dead-lettered or skipped) goes back to `pending` with a fresh schedule, keeping its id (the same ' +
      '`webhook-id`: modules can tell a duplicate) and counting `replays`; each stream goes out in ' +
      'sequence order. Deliveries to a module whose endpoint is disabled are left alone (resume it first). ' +
      `At most ${REPLAY_MAX_DELIVERIES} deliveries per call, else \`VALIDATION_BLOCKING\` with ` +
      '`details.count` and nothing changed. A `module_key` not installed in the workspace, or a `stream` ' +
      'with no events there, is `NOT_FOUND` (`details.module_key` or `details.stream`) and changes nothing. ' +
      'Audited as `events.replay` with the count.',
    request: { body: jsonBody(replayRequestSchema) },
    responses: {
      200: jsonResponse(replayResponseSchema, 'How many deliveries were queued again'),
      ...errorResponses([...READ_ERRORS, 'NOT_FOUND']),
    },
  });
}

export const subscriptionListSchema = z
  .object({ items: z.array(eventSubscriptionViewSchema) })
  .meta({ id: 'EventSubscriptionList', description: 'The workspace’s event subscribers' });

export function subscriptionsRoute() {
  return createRoute({
    method: 'get',
    path: '/events/subscriptions',
    operationId: 'listEventSubscriptions',
    ...eventsAccess(),
    tags: ['events'],
    summary: 'Event subscriptions of a workspace',
    description:
      'Each module installed in the workspace, by key: the events its installed version consumes, its ' +
      'webhook path and lifecycle actions, its endpoint (`disabled` after it answered 410, with when and ' +
      'why), how many deliveries are pending and dead-lettered, its last delivery and last failed attempt. ' +
      'An uninstalled module only while deliveries of its wait.',
    request: { query: z.object({ workspace_id: z.uuid() }) },
    responses: {
      200: jsonResponse(subscriptionListSchema, 'The subscriptions'),
      ...errorResponses(READ_ERRORS),
    },
  });
}

export function resumeRoute() {
  return createRoute({
    method: 'post',
    path: '/events/subscriptions/{module_key}/resume',
    operationId: 'resumeEventEndpoint',
    ...eventsAccess(),
    tags: ['events'],
    summary: 'Resume a module’s webhook endpoint',
    description:
      'Turns the module’s webhook endpoint back on after it answered 410 Gone: new events are queued for it ' +
      'again. With `redeliver_skipped: true` the event deliveries skipped meanwhile (`skip_reason: "endpoint_gone"`) ' +
      'go back to pending too, in order and with their webhook-id (`redelivered` counts them; over ' +
      `${REPLAY_MAX_DELIVERIES} it is \`VALIDATION_BLOCKING\` with \`details.count\` and nothing changes); without it ` +
      'they stay skipped until replayed. A module not installed in the workspace is `NOT_FOUND`; an endpoint ' +
      'that is not disabled `CONFLICT` (`details.reason: "endpoint_active"`). Audited as `events.endpoint_resume`.',
    request: {
      params: z.object({ module_key: moduleKeySchema }),
      body: jsonBody(resumeEndpointRequestSchema),
    },
    responses: {
      200: jsonResponse(resumedSubscriptionSchema, 'The subscription, resumed'),
      ...errorResponses(CHANGE_ERRORS),
    },
  });
}
