import { createRoute, z } from '@hono/zod-openapi';
import {
  eventDetailViewSchema,
  eventListQuerySchema,
  eventPageSchema,
} from '@aiconnected/sdk-contracts';
import { errorResponses, GUARD_ERRORS } from '../http/error-responses';
import { jsonResponse } from '../http/json-schemas';
import { eventsAccess } from './event-access';

export function listRoute() {
  return createRoute({
    method: 'get',
    path: '/events',
    operationId: 'listEvents',
    ...eventsAccess(),
    tags: ['events'],
    summary: 'Events of a workspace',
    description:
      'The workspace’s events (default the active workspace), newest first, each with its deliveries and ' +
      'their states; filtered by name, stream, correlation id and summary state. Keyset-paginated ' +
      '(`next_cursor`; a cursor this list did not issue is `VALIDATION_BLOCKING`).',
    request: { query: eventListQuerySchema },
    responses: {
      200: jsonResponse(eventPageSchema, 'A page of events'),
      ...errorResponses([
        ...GUARD_ERRORS,
        'PERMISSION_DENIED',
        'WORKSPACE_FORBIDDEN',
        'VALIDATION_BLOCKING',
      ]),
    },
  });
}

export function readRoute() {
  return createRoute({
    method: 'get',
    path: '/events/{event_id}',
    operationId: 'getEvent',
    ...eventsAccess(),
    tags: ['events'],
    summary: 'One event with every delivery attempt',
    description:
      'The event, its envelope fields and payload, and each delivery with every attempt (time, duration, ' +
      'status, outcome). An event the workspace does not have is `NOT_FOUND`.',
    request: {
      params: z.object({ event_id: z.uuid() }),
      query: z.object({ workspace_id: z.uuid() }),
    },
    responses: {
      200: jsonResponse(eventDetailViewSchema, 'The event'),
      ...errorResponses([
        ...GUARD_ERRORS,
        'PERMISSION_DENIED',
        'WORKSPACE_FORBIDDEN',
        'VALIDATION_BLOCKING',
        'NOT_FOUND',
      ]),
    },
  });
}
