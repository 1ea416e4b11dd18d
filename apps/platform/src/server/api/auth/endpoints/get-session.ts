import { createRoute, z } from '@hono/zod-openapi';
import { listWorkspaceOptions } from '@aiconnected/identity';
import { destinationFor } from '@aiconnected/permissions';
import { workspaceContextSchema } from '@aiconnected/sdk-contracts';
import type { ApiApp, ApiDeps } from '../../context';
import { errorResponses } from '../../openapi/error-responses';
import { describeWorkspaces } from '@aiconnected/identity';
import { SESSION_SECURITY } from '../openapi-security';
import { requireAuth } from '../require-auth';
import { requireDatabase } from '../require-database';
import {
  destinationSchema,
  jsonResponse,
  sessionImpersonationSchema,
  workspaceOptionSchema,
} from '../schemas';
import { viewSessionImpersonation } from '../session-impersonation';

const sessionViewSchema = z
  .object({
    user: z.object({ id: z.uuid(), email: z.string(), display_name: z.string().nullable() }),
    session: z.object({ id: z.uuid(), expires_at: z.iso.datetime() }),
    context: workspaceContextSchema.nullable().meta({
      description:
        'The resolved context; null until a workspace is selected (or when it is no longer usable)',
    }),
    workspace_options: z.array(workspaceOptionSchema),
    destination: destinationSchema,
    impersonation: sessionImpersonationSchema,
  })
  .meta({
    id: 'SessionView',
    description: 'Who is signed in, where they act, and what they can pick',
  });

/** `GET /auth/session`, declared with the guard it runs. */
function sessionRoute(deps: ApiDeps) {
  return createRoute({
    method: 'get',
    path: '/auth/session',
    operationId: 'getSession',
    tags: ['auth'],
    summary: 'The current session',
    description:
      'The signed-in user, the session, the resolved workspace context (null before a workspace is selected), ' +
      'the workspace options, the role-aware destination and the impersonation state with both identities.',
    security: SESSION_SECURITY,
    middleware: [requireAuth(deps, { workspace: 'optional' })] as const,
    responses: {
      200: jsonResponse(sessionViewSchema, 'The session'),
      ...errorResponses(['AUTH_REQUIRED', 'SESSION_INVALID']),
    },
  });
}

/** `GET /auth/session`: everything the UI shell needs to render for this session. */
export function registerGetSession(app: ApiApp, deps: ApiDeps): void {
  app.openapi(sessionRoute(deps), async (c) => {
    const { session, context } = c.var;
    const { options, workspaces } = await requireDatabase(deps).withService(
      'auth: describe the current session',
      async (tx) => ({
        options: await listWorkspaceOptions(tx, session.userId),
        workspaces: await describeWorkspaces(tx, [
          context?.workspace_id ?? null,
          session.impersonation?.actorWorkspaceId ?? null,
          session.impersonation?.targetWorkspaceId ?? null,
        ]),
      }),
    );
    const active = context ? workspaces.get(context.workspace_id) : undefined;
    return c.json(
      {
        user: {
          id: session.user.id,
          email: session.user.email,
          display_name: session.user.displayName,
        },
        session: { id: session.id, expires_at: session.expiresAt.toISOString() },
        context,
        workspace_options: options,
        destination: destinationFor(active?.type ?? null),
        impersonation: viewSessionImpersonation(session, workspaces),
      },
      200,
    );
  });
}
