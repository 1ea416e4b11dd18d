import { createRoute, z } from '@hono/zod-openapi';
import { switchWorkspace } from '@aiconnected/identity';
import {
  effectivePermissionsViewSchema,
  workspaceSwitchResultSchema,
} from '@aiconnected/sdk-contracts';
import type { FeatureApp } from '../context';
import { declareAccess } from '../http/access';
import { createRouter } from '../http/create-router';
import { errorResponses, GUARD_ERRORS } from '../http/error-responses';
import { jsonBody, jsonResponse } from '../http/json-schemas';

function switchRoute() {
  return createRoute({
    method: 'post',
    path: '/workspaces/switch',
    operationId: 'switchWorkspace',
    ...declareAccess({
      kind: 'self-service',
      workspace: 'optional',
      note: 'Into a workspace the user’s own memberships govern.',
    }),
    tags: ['workspaces'],
    summary: 'Switch the active workspace',
    description:
      'Makes a workspace the session’s active one: allowed with an active membership in it, an agency ' +
      'admin/manager membership of its parent agency, or a super membership; any other id (existing or not) is ' +
      '`WORKSPACE_FORBIDDEN`. On a workspace’s address (custom domain or platform host) only that workspace, its ' +
      'ancestors and descendants can be chosen (`WORKSPACE_FORBIDDEN` {reason: host_workspace}). ' +
      'Refused while impersonating. Audited as `workspace.switch`.',
    // Optional: choosing the first workspace is how a session without one gets one.
    request: { body: jsonBody(z.object({ workspace_id: z.uuid() })) },
    responses: {
      200: jsonResponse(workspaceSwitchResultSchema, 'Switched'),
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

function effectiveRoute() {
  return createRoute({
    method: 'get',
    path: '/permissions/effective',
    operationId: 'getEffectivePermissions',
    ...declareAccess({ kind: 'self-service' }),
    tags: ['permissions'],
    summary: 'My effective permissions',
    description:
      'The role template and capabilities of the caller in the active workspace: role template capabilities ' +
      'plus/minus membership overrides, narrowed while impersonating (never widened).',
    responses: {
      200: jsonResponse(effectivePermissionsViewSchema, 'The effective permissions'),
      ...errorResponses(GUARD_ERRORS),
    },
  });
}

/**
 * `POST /workspaces/switch`, and `GET /permissions/effective`: the guard's context as the UI
 * reads it (no further query).
 */
export function workspaceContextRoutes(): FeatureApp {
  const app = createRouter();

  app.openapi(switchRoute(), async (c) => {
    const { workspace_id: workspaceId } = c.req.valid('json');
    const host = await c.var.deps.hostWorkspaces.resolve(c.req.header('host'));
    const result = await switchWorkspace(c.var.deps.db, {
      session: c.var.session,
      workspaceId,
      correlationId: c.var.correlationId,
      hostWorkspaceId: host?.workspace_id ?? null,
    });
    return c.json(result, 200);
  });

  app.openapi(effectiveRoute(), (c) => {
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

  return app;
}
