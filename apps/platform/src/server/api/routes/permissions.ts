import { createRoute, z } from '@hono/zod-openapi';
import { impersonationStateSchema } from '@aiconnected/sdk-contracts';
import { SESSION_SECURITY } from '../auth/openapi-security';
import { requireAuth } from '../auth/require-auth';
import { jsonResponse } from '../auth/schemas';
import type { ApiApp, ApiDeps } from '../context';
import { errorResponses, GUARD_ERRORS } from '../openapi/error-responses';

const effectivePermissionsResponse = z
  .object({
    effective_permissions: z.array(z.string()).meta({
      description: 'Capabilities the caller holds in the active workspace, e.g. users.invite',
    }),
    role_template: z.string(),
    workspace_id: z.uuid(),
    impersonation: impersonationStateSchema,
  })
  .meta({ id: 'EffectivePermissionsView' });

function effectiveRoute(deps: ApiDeps) {
  return createRoute({
    method: 'get',
    path: '/permissions/effective',
    operationId: 'getEffectivePermissions',
    tags: ['permissions'],
    summary: 'My effective permissions',
    description:
      'The role template and capabilities of the caller in the active workspace: role template capabilities ' +
      'plus/minus membership overrides, narrowed while impersonating (never widened).',
    security: SESSION_SECURITY,
    middleware: [requireAuth(deps)] as const,
    responses: {
      200: jsonResponse(effectivePermissionsResponse, 'The effective permissions'),
      ...errorResponses(GUARD_ERRORS),
    },
  });
}

/** `GET /permissions/effective`: the guard's context as the UI reads it (no further query). */
export function registerPermissionRoutes(app: ApiApp, deps: ApiDeps): void {
  app.openapi(effectiveRoute(deps), (c) => {
    const { context } = c.var;
    return c.json(
      {
        effective_permissions: context.permissions,
        role_template: context.role_template,
        workspace_id: context.workspace_id,
        impersonation: context.impersonation,
      },
      200,
    );
  });
}
