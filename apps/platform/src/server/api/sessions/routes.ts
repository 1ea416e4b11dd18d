import { createRoute, z } from '@hono/zod-openapi';
import { listUserSessions, revokeSession } from '@aiconnected/identity';
import { ShellError } from '@aiconnected/sdk-contracts';
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
import { jsonResponse, okSchema } from '../http/json-schemas';

const sessionSummarySchema = z
  .object({
    id: z.uuid(),
    current: z.boolean().meta({ description: 'Whether this is the session making the request' }),
    created_at: z.iso.datetime(),
    last_seen_at: z.iso.datetime(),
    expires_at: z.iso.datetime(),
    user_agent: z.string().nullable(),
    ip: z.string().nullable(),
    active_workspace_id: z.uuid().nullable(),
    impersonating: z.boolean(),
  })
  .meta({ id: 'SessionSummary', description: 'One of the signed-in user’s live sessions' });

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
      200: jsonResponse(z.object({ items: z.array(sessionSummarySchema) }), 'The sessions'),
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
    const { session } = c.var;
    const sessions = await requireDatabase(deps).withService('auth: list own sessions', (tx) =>
      listUserSessions(tx, session.userId),
    );
    const items = sessions.map((item) => ({
      id: item.id,
      current: item.id === session.id,
      created_at: item.createdAt.toISOString(),
      last_seen_at: item.lastSeenAt.toISOString(),
      expires_at: item.expiresAt.toISOString(),
      user_agent: item.userAgent,
      ip: item.ip,
      active_workspace_id: item.activeWorkspaceId,
      impersonating: item.impersonation !== null,
    }));
    return c.json({ items }, 200);
  });

  app.openapi(revokeRoute(deps), async (c) => {
    const { session } = c.var;
    const { id } = c.req.valid('param');
    const revoked = await requireDatabase(deps).withService('auth: revoke own session', (tx) =>
      revokeSession(tx, { sessionId: id, userId: session.userId }),
    );
    if (!revoked) {
      throw new ShellError(
        'NOT_FOUND',
        `session ${id} is not a live session of user ${session.userId}`,
      );
    }
    if (id === session.id && readSessionToken(c)?.source === 'cookie')
      sessionCookie.clear(c, deps.config);
    return c.json({ ok: true as const }, 200);
  });

  return app;
}
