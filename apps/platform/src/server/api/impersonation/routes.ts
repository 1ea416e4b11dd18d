import { createRoute, z } from '@hono/zod-openapi';
import { startImpersonation, stopImpersonation } from '@aiconnected/identity';
import { impersonationResultSchema } from '@aiconnected/sdk-contracts';
import type { FeatureApp } from '../context';
import { requireAuth, SESSION_SECURITY } from '../guard';
import { createRouter } from '../http/create-router';
import { errorResponses } from '../http/error-responses';
import { jsonBody, jsonResponse } from '../http/json-schemas';

const startBody = z.object({
  target_workspace_id: z.uuid(),
  // Checked by startImpersonation (3 to 500 characters of text, `textProblem`), with its own message.
  reason: z
    .string()
    .max(2000)
    .meta({ description: 'Why (3 to 500 characters of visible text); kept in the audit log' }),
});

function startRoute() {
  return createRoute({
    method: 'post',
    path: '/auth/impersonation/start',
    operationId: 'startImpersonation',
    tags: ['auth'],
    summary: 'Start impersonating a workspace',
    description:
      'Super roles into any agency or business; agency admins/managers only into their own child businesses. ' +
      'The session then acts in the target with the actor’s own capabilities there, never more. Audited in both workspaces.',
    security: SESSION_SECURITY,
    middleware: [requireAuth()] as const,
    request: { body: jsonBody(startBody) },
    responses: {
      200: jsonResponse(impersonationResultSchema, 'Impersonating'),
      ...errorResponses([
        'AUTH_REQUIRED',
        'SESSION_INVALID',
        'WORKSPACE_REQUIRED',
        'WORKSPACE_FORBIDDEN',
        'PERMISSION_DENIED',
        'IMPERSONATION_FORBIDDEN',
        'IMPERSONATION_SCOPE_FORBIDDEN',
        'VALIDATION_BLOCKING',
      ]),
    },
  });
}

function stopRoute() {
  return createRoute({
    method: 'post',
    path: '/auth/impersonation/stop',
    operationId: 'stopImpersonation',
    tags: ['auth'],
    summary: 'Stop impersonating',
    description:
      'Returns the session to the actor’s own workspace. `SESSION_INVALID` when the session is not impersonating. Audited.',
    // Optional: a stop must work even when the target no longer resolves to a context.
    security: SESSION_SECURITY,
    middleware: [requireAuth({ workspace: 'optional' })] as const,
    responses: {
      200: jsonResponse(impersonationResultSchema, 'Back in the actor’s workspace'),
      ...errorResponses(['AUTH_REQUIRED', 'SESSION_INVALID', 'PERMISSION_DENIED']),
    },
  });
}

/** `POST /auth/impersonation/start` and `/stop`. */
export function impersonationRoutes(): FeatureApp {
  const app = createRouter();

  app.openapi(startRoute(), async (c) => {
    const { target_workspace_id: targetWorkspaceId, reason } = c.req.valid('json');
    const result = await startImpersonation(c.var.deps.db, {
      session: c.var.session,
      context: c.var.context,
      targetWorkspaceId,
      reason,
      correlationId: c.var.correlationId,
    });
    return c.json(result, 200);
  });

  app.openapi(stopRoute(), async (c) => {
    const result = await stopImpersonation(c.var.deps.db, {
      session: c.var.session,
      correlationId: c.var.correlationId,
    });
    return c.json(result, 200);
  });

  return app;
}
