import { createRoute, z } from '@hono/zod-openapi';
import { listOwnSessions, revokeOwnSession } from '@aiconnected/identity';
import { okSchema, sessionSummaryListSchema } from '@aiconnected/sdk-contracts';
import type { ApiApp, ApiDeps } from '../context';
import {
  readSessionToken,
  requireAuth,
  requireDatabase,
  SESSION_SECURITY,
  sessionCookie,
} from '../guard';
import { createRouter } from '../http/create-router';
import { errorResponses } from '../http/error-responses';
import { jsonResponse } from '../http/json-schemas';

function listRoute(deps: ApiDeps) {
  return createRoute({
    method: 'get',
    path: '/auth/sessions',
    operationId: 'listSessions',
    tags: ['auth'],
    summary: 'My sessions',
    description:
      'The live (not revoked, not expired) sessions of the signed-in user, most recently used first.',
    security: SESSION_SECURITY,
    middleware: [requireAuth(deps, { workspace: 'optional' })] as const,
    responses: {
      200: jsonResponse(sessionSummaryListSchema, 'The sessions'),
      ...errorResponses(['AUTH_REQUIRED', 'SESSION_INVALID']),
    },
  });
}

function revokeRoute(deps: ApiDeps) {
  return createRoute({
    method: 'delete',
    path: '/auth/sessions/{id}',
    operationId: 'revokeSession',
    tags: ['auth'],
    summary: 'Revoke one of my sessions',
    description:
      'Revokes a live session of the signed-in user (e.g. a lost device). Another user’s session, or one that ' +
      'is already revoked, is `NOT_FOUND`. Revoking the current session also clears its cookie.',
    security: SESSION_SECURITY,
    middleware: [requireAuth(deps, { workspace: 'optional' })] as const,
    request: { params: z.object({ id: z.uuid() }) },
    responses: {
      200: jsonResponse(okSchema, 'Revoked'),
      ...errorResponses([
        'AUTH_REQUIRED',
        'SESSION_INVALID',
        'PERMISSION_DENIED',
        'NOT_FOUND',
        'VALIDATION_BLOCKING',
      ]),
    },
  });
}

/** `GET /auth/sessions` and `DELETE /auth/sessions/{id}`: a user manages their own sessions. */
export function sessionRoutes(deps: ApiDeps): ApiApp {
  const app = createRouter();

  app.openapi(listRoute(deps), async (c) => {
    return c.json(await listOwnSessions(requireDatabase(deps), c.var.session), 200);
  });

  app.openapi(revokeRoute(deps), async (c) => {
    const { session } = c.var;
    const { id } = c.req.valid('param');
    await revokeOwnSession(requireDatabase(deps), { userId: session.userId, sessionId: id });
    if (id === session.id && readSessionToken(c)?.source === 'cookie')
      sessionCookie.clear(c, deps.config);
    return c.json({ ok: true as const }, 200);
  });

  return app;
}
