import { createRoute } from '@hono/zod-openapi';
import {
  EMIT_BATCH_MAX_EVENTS,
  emitEventsRequestSchema,
  emitEventsResponseSchema,
} from '@aiconnected/sdk-contracts';
import { API_BODY_LIMIT_BYTES } from '../http/body-limit';
import { errorResponses, GUARD_ERRORS } from '../http/error-responses';
import { jsonBody, jsonResponse } from '../http/json-schemas';
import { emitAccess } from './emit-route';

/** `POST /events/batch`: its declaration (the credential is `emitCredential`, as `POST /events`). */
export function emitBatchRoute() {
  return createRoute({
    method: 'post',
    path: '/events/batch',
    operationId: 'emitEvents',
    // A module key that authenticated before is verified in the batch's own statement.
    ...emitAccess({ predict: true }),
    tags: ['events'],
    summary: 'Emit several events at once',
    description:
      `Stores 1 to ${EMIT_BATCH_MAX_EVENTS} events (bulk imports) in ONE transaction, all or none: each ` +
      'is checked and stored as `POST /events` does (same callers, names, schemas, 64 KiB per payload, ' +
      'idempotency); each stream’s events in request order, with consecutive sequences. The answer ' +
      'has one item per event, in request order; 201 when at least one was stored, 200 when every ' +
      'key was seen before (all `duplicate`). The first refused event refuses the whole batch and ' +
      'stores nothing: its error (`EVENT_SCHEMA_INVALID` 422, `CONFLICT`, `WORKSPACE_FORBIDDEN`, ' +
      '`PAYLOAD_TOO_LARGE`...) with `details.index`, the 0-based position of the event. The whole ' +
      `body is at most ${API_BODY_LIMIT_BYTES / 1024 / 1024} MiB (\`PAYLOAD_TOO_LARGE\` 413, ` +
      '`details.max_bytes`). The rate limit counts each event of the batch (a batch of 20 spends 20).',
    request: { body: jsonBody(emitEventsRequestSchema) },
    responses: {
      201: jsonResponse(emitEventsResponseSchema, 'Stored and queued, in request order'),
      200: jsonResponse(
        emitEventsResponseSchema,
        'Every idempotency key repeated: the first events',
      ),
      ...errorResponses([
        ...GUARD_ERRORS,
        'PERMISSION_DENIED',
        'WORKSPACE_FORBIDDEN',
        'VALIDATION_BLOCKING',
        'EVENT_SCHEMA_INVALID',
        'PAYLOAD_TOO_LARGE',
        'CONFLICT',
        'RATE_LIMITED',
        'BILLING_REQUIRED',
        'BILLING_SUSPENDED',
      ]),
    },
  });
}
