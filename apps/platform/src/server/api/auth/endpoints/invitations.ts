import { createRoute, z } from '@hono/zod-openapi';
import {
  acceptInvitationAndSignIn,
  describeLinkToken,
  listWorkspaceOptions,
} from '@aiconnected/identity';
import type { ApiApp, ApiDeps } from '../../context';
import { errorResponses } from '../../openapi/error-responses';
import { clientAddress } from '../client-address';
import { requireConfigured, requireDatabase } from '../require-database';
import { jsonBody, jsonResponse, workspaceOptionSchema } from '../schemas';
import { sessionCookie } from '../session-cookie';
import { linkTokenSchema, newPasswordSchema } from './password';

const acceptBody = z.object({
  token: linkTokenSchema,
  password: newPasswordSchema,
  display_name: z.string().max(200).optional(),
});

const acceptRoute = createRoute({
  method: 'post',
  path: '/auth/invitations/accept',
  operationId: 'acceptInvitation',
  security: [],
  tags: ['auth'],
  summary: 'Accept an invitation',
  description:
    'Spends the invitation token from the emailed link and adds the membership it names. A new account sets ' +
    'its password (and optionally the display name) and becomes active; an existing account (`has_password` ' +
    'in `POST /auth/links/inspect`) gives its current password instead (wrong: `AUTH_REQUIRED`, the link ' +
    'stays usable) and keeps its name; the workspaces that already govern it keep their control. Then the ' +
    'person is signed in (cookie and token, as sign-in does), starting in the invitation’s workspace. An ' +
    'unknown, used or expired link is `SESSION_INVALID`.',
  request: { body: jsonBody(acceptBody) },
  responses: {
    200: jsonResponse(
      z.object({
        status: z.literal('accepted'),
        session: z.object({
          access_token: z.string(),
          expires_at: z.iso.datetime(),
          user_id: z.uuid(),
        }),
        workspace_options: z.array(workspaceOptionSchema),
        default_workspace_id: z.uuid().nullable(),
      }),
      'Accepted and signed in; `Set-Cookie: shell_session=...`',
    ),
    ...errorResponses(['AUTH_REQUIRED', 'SESSION_INVALID', 'VALIDATION_BLOCKING']),
  },
});

const inspectRoute = createRoute({
  method: 'post',
  path: '/auth/links/inspect',
  operationId: 'inspectLink',
  security: [],
  tags: ['auth'],
  summary: 'Check an emailed link',
  description:
    'Reads an invitation or password reset token without spending it, so the page can say at once that a ' +
    'link is used or expired (`SESSION_INVALID`) and ask the right questions (a name for a new account).',
  request: { body: jsonBody(z.object({ token: linkTokenSchema })) },
  responses: {
    200: jsonResponse(
      z
        .object({
          purpose: z.enum(['invitation', 'password_reset']),
          email: z.string(),
          display_name: z.string().nullable(),
          workspace_name: z.string().nullable(),
          has_password: z.boolean(),
          expires_at: z.iso.datetime(),
        })
        .meta({ id: 'LinkDescription' }),
      'The link is usable',
    ),
    ...errorResponses(['SESSION_INVALID', 'VALIDATION_BLOCKING']),
  },
});

/**
 * `POST /auth/invitations/accept` and `POST /auth/links/inspect` (no session needed: the
 * link is the proof).
 */
export function registerInvitationRoutes(app: ApiApp, deps: ApiDeps): void {
  app.openapi(acceptRoute, async (c) => {
    const db = requireDatabase(deps);
    const { token, password, display_name: displayName } = c.req.valid('json');
    const accepted = await acceptInvitationAndSignIn(db, {
      token,
      password,
      displayName,
      failureLimiter: requireConfigured(deps.signInLimiter, 'sign-in rate limiter'),
      ip: clientAddress(c, deps.config.trustProxy),
      userAgent: c.req.header('user-agent') ?? null,
      ttlHours: deps.config.sessionTtlHours,
      correlationId: c.var.correlationId,
    });
    const options = await db.withService('auth: workspace options after accepting', (tx) =>
      listWorkspaceOptions(tx, accepted.user.id),
    );
    sessionCookie.set(c, accepted.token, deps.config);
    return c.json(
      {
        status: 'accepted' as const,
        session: {
          access_token: accepted.token,
          expires_at: accepted.session.expiresAt.toISOString(),
          user_id: accepted.user.id,
        },
        workspace_options: options,
        default_workspace_id: accepted.session.activeWorkspaceId,
      },
      200,
    );
  });

  app.openapi(inspectRoute, async (c) => {
    const { token } = c.req.valid('json');
    return c.json(await describeLinkToken(requireDatabase(deps), token), 200);
  });
}
