import { createRoute } from '@hono/zod-openapi';
import { emitEventRequestSchema, emitEventResponseSchema } from '@aiconnected/sdk-contracts';
import { KEEPS_SESSION_CACHE_EXTENSION } from '../guard/clear-session-cache';
import { errorResponses, GUARD_ERRORS } from '../http/error-responses';
import { jsonBody, jsonResponse } from '../http/json-schemas';
import { eventsAccess } from './event-access';
import { emitCredential } from './event-credential';
import { MODULE_API_KEY_SECURITY } from './module-api-key';

/**
 * What both emit routes (`POST /events`, `POST /events/batch`) declare: the events access, a
 * module's API key besides a session, and `emitCredential` instead of the plain guard. They
 * write the event log and its deliveries, nothing a session or a module snapshot depends on,
 * so their requests keep this process's caches (`KEEPS_SESSION_CACHE_EXTENSION`).
 */
export function emitAccess(credential: { predict?: boolean } = {}) {
  const {
    middleware: _guard,
    security,
    ...access
  } = eventsAccess(
    'Or a module’s API key (`Authorization: Bearer aicm_...`): then the module emits in its installation’s workspace, only what its manifest declares.',
  );
  return {
    ...access,
    security: [...security, ...MODULE_API_KEY_SECURITY],
    middleware: [emitCredential(credential)] as [ReturnType<typeof emitCredential>],
    [KEEPS_SESSION_CACHE_EXTENSION]: true as const,
  };
}

/** `POST /events`: its declaration. */
export function emitRoute() {
  return createRoute({
    method: 'post',
    path: '/events',
    operationId: 'emitEvent',
    // A module key that authenticated before is verified in the emit's own statement.
    ...emitAccess({ predict: true }),
    tags: ['events'],
    summary: 'Emit an event',
    description:
      'Stores an event in the workspace’s log and queues one delivery per subscriber (enabled installations ' +
      'consuming its name), in the same transaction. A module (API key) emits only names its installed ' +
      'version’s manifest declares in `events.emits`, in its installation’s workspace (`workspace_id` may ' +
      'be left out; naming another one is `WORKSPACE_FORBIDDEN`), while that workspace is active (a key of a ' +
      'suspended or archived one is `WORKSPACE_FORBIDDEN`, `details.reason` `workspace_suspended` / ' +
      '`workspace_archived`) and, for a paid module, while its billing allows use (`BILLING_SUSPENDED` / ' +
      '`BILLING_REQUIRED`, as the gateway). A person (`events.manage` in the ' +
      'workspace, default the active one) emits names a module enabled there declares (a paid module’s only ' +
      'while that billing allows its use, the same codes). The payload must ' +
      'be valid against the declared JSON Schema (`EVENT_SCHEMA_INVALID` with `details.errors[]` ' +
      '`{path, message}`, JSON-pointer paths; an undeclared name or a shell namespace too, ' +
      '`details.reason`), at most 64 KiB serialized (`PAYLOAD_TOO_LARGE`). The same `idempotency_key` ' +
      'again answers the first event with `duplicate: true` and 200, storing nothing; with another name ' +
      'or payload it is `CONFLICT` (`details.reason: "idempotency_key_reused"`). `correlation_id` ' +
      'defaults to the request’s. `RATE_LIMITED` (with `Retry-After`) past the per-installation or ' +
      'per-person budget (`EVENTS_EMIT_MODULE_PER_MINUTE`, `EVENTS_EMIT_USER_PER_MINUTE`).',
    request: { body: jsonBody(emitEventRequestSchema) },
    responses: {
      201: jsonResponse(emitEventResponseSchema, 'Stored and queued'),
      200: jsonResponse(emitEventResponseSchema, 'A repeated idempotency key: the first event'),
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
