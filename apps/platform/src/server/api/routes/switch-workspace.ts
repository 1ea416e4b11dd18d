import { createRoute, z } from '@hono/zod-openapi';
import { switchWorkspace } from '@aiconnected/identity';
import { workspaceContextSchema } from '@aiconnected/sdk-contracts';
import { SESSION_SECURITY } from '../auth/openapi-security';
import { requireAuth } from '../auth/require-auth';
import { requireDatabase } from '../auth/require-database';
import { destinationSchema, jsonBody, jsonResponse } from '../auth/schemas';
import type { ApiApp, ApiDeps } from '../context';
import { errorResponses } from '../openapi/error-responses';

const switchResultSchema = z
  .object({ effective_context: workspaceContextSchema, destination: destinationSchema })
  .meta({ id: 'WorkspaceSwitchResult' });

function switchRoute(deps: ApiDeps) {
  return createRoute({
    method: 'post',
    path: '/workspaces/switch',
    operationId: 'switchWorkspace',
    tags: ['workspaces'],
    summary: 'Switch the active workspace',
    description:
      'Makes a workspace the session’s active one: allowed with an active membership in it, an agency ' +
      'admin/manager membership of its parent agency, or a super membership; any other id (existing or not) is ' +
      '`WORKSPACE_FORBIDDEN`. Refused while impersonating. Audited as `workspace.switch`.',
    // Optional: choosing the first workspace is how a session without one gets one.
    security: SESSION_SECURITY,
    middleware: [requireAuth(deps, { workspace: 'optional' })] as const,
    request: { body: jsonBody(z.object({ workspace_id: z.uuid() })) },
    responses: {
      200: jsonResponse(switchResultSchema, 'Switched'),
      ...errorResponses([
        'AUTH_REQUIRED',
        'SESSION_INVALID',
        'WORKSPACE_FORBIDDEN',
        'IMPERSONATION_FORBIDDEN',
        'PERMISSION_DENIED',
        'VALIDATION_BLOCKING',
      ]),
    },
  });
}

/** `POST /workspaces/switch`. */
export function registerSwitchWorkspaceRoutes(app: ApiApp, deps: ApiDeps): void {
  app.openapi(switchRoute(deps), async (c) => {
    const { workspace_id: workspaceId } = c.req.valid('json');
    const result = await switchWorkspace(requireDatabase(deps), {
      session: c.var.session,
      workspaceId,
      correlationId: c.var.correlationId,
    });
    return c.json(result, 200);
  });
}
