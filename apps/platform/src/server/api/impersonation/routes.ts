import { createRoute, z } from '@hono/zod-openapi';
import { startImpersonation, stopImpersonation } from '@aiconnected/identity';
import { impersonationResultSchema } from '@aiconnected/sdk-contracts';
import type { FeatureApp } from '../context';
import { declareAccess } from '../http/access';
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
    ...declareAccess({
      kind: 'capability',
      requires: [
        {
          capabilities: ['impersonation.super.start', 'impersonation.agency_business.start'],
          match: 'any',
          scope: 'active-workspace',
          checked_by: 'domain',
        },
      ],
      note: 'The first in the super workspace, into any agency or business; the second in an agency, into its own businesses.',
    }),
    tags: ['auth'],
    summary: 'Start impersonating a workspace',
    description:
      'Super roles into any agency or business; agency admins/managers only into their own child businesses. ' +
      'The session then acts in the target with the actor’s own capabilities there, never more. Audited in both workspaces.',
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
    ...declareAccess({
      kind: 'self-service',
      workspace: 'optional',
      note: 'Only a session that is impersonating.',
    }),
    tags: ['auth'],
    summary: 'Stop impersonating',
    description:
      'Returns the session to the actor’s own workspace. `SESSION_INVALID` when the session is not impersonating. Audited.',
    // Optional: a stop must work even when the target no longer resolves to a context.
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
