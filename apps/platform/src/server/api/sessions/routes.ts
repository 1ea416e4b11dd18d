import { createRoute, z } from '@hono/zod-openapi';
import { listOwnSessions, revokeOwnSession } from '@aiconnected/identity';
import { okSchema, sessionSummaryListSchema } from '@aiconnected/sdk-contracts';
import type { FeatureApp } from '../context';
import { readSessionToken, sessionCookie } from '../guard';
import { declareAccess } from '../http/access';
import { createRouter } from '../http/create-router';
import { errorResponses } from '../http/error-responses';
import { jsonResponse } from '../http/json-schemas';

function listRoute() {
  return createRoute({
    method: 'get',
    path: '/auth/sessions',
    operationId: 'listSessions',
    ...declareAccess({ kind: 'self-service', workspace: 'optional' }),
    tags: ['auth'],
    summary: 'My sessions',
    description:
      'The live (not revoked, not expired) sessions of the signed-in user, most recently used first.',
    responses: {
      200: jsonResponse(sessionSummaryListSchema, 'The sessions'),
      ...errorResponses(['AUTH_REQUIRED', 'SESSION_INVALID']),
    },
  });
}

function revokeRoute() {
  return createRoute({
    method: 'delete',
    path: '/auth/sessions/{id}',
    operationId: 'revokeSession',
    ...declareAccess({ kind: 'self-service', workspace: 'optional' }),
    tags: ['auth'],
    summary: 'Revoke one of my sessions',
    description:
      'Revokes a live session of the signed-in user (e.g. a lost device). Another user’s session, or one that ' +
      'is already revoked, is `NOT_FOUND`. Revoking the current session also clears its cookie.',
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
export function sessionRoutes(): FeatureApp {
  const app = createRouter();

  app.openapi(listRoute(), async (c) => {
    return c.json(await listOwnSessions(c.var.deps.db, c.var.session), 200);
  });

  app.openapi(revokeRoute(), async (c) => {
    const { session } = c.var;
    const { id } = c.req.valid('param');
    await revokeOwnSession(c.var.deps.db, { userId: session.userId, sessionId: id });
    if (id === session.id && readSessionToken(c)?.source === 'cookie')
      sessionCookie.clear(c, c.var.deps.config);
    return c.json({ ok: true as const }, 200);
  });

  return app;
}
