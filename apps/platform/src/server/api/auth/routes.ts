import { createRoute, z } from '@hono/zod-openapi';
import {
  describeLinkToken,
  describeWorkspaces,
  listWorkspaceOptions,
  signIn,
  signOut,
} from '@aiconnected/identity';
import { destinationFor } from '@aiconnected/permissions';
import { ShellError, workspaceContextSchema } from '@aiconnected/sdk-contracts';
import type { ApiApp, ApiDeps } from '../context';
import {
  assertAllowedOrigin,
  clientAddress,
  readSessionToken,
  requireAuth,
  requireConfigured,
  requireDatabase,
  SESSION_SECURITY,
  sessionCookie,
} from '../guard';
import { createRouter } from '../http/create-router';
import { errorResponses } from '../http/error-responses';
import { jsonBody, jsonResponse, okSchema } from '../http/json-schemas';
import {
  destinationSchema,
  linkTokenSchema,
  sessionImpersonationSchema,
  workspaceOptionSchema,
} from './schemas';
import { viewSessionImpersonation } from './view-session-impersonation';

const signInBody = z.object({
  email: z.email().max(320),
  password: z.string().min(1).max(1024),
});

const signInResponse = z
  .object({
    session: z.object({
      access_token: z.string().meta({
        description:
          'The session token: also set as the httpOnly `shell_session` cookie; API clients send it as `Authorization: Bearer`',
      }),
      expires_at: z.iso.datetime(),
      user_id: z.uuid(),
    }),
    workspace_options: z.array(workspaceOptionSchema),
    default_workspace_id: z.uuid().nullable().meta({
      description:
        'The active workspace when the user has exactly one option; null means "pick one"',
    }),
  })
  .meta({ id: 'SignInResult' });

const signInRoute = createRoute({
  method: 'post',
  path: '/auth/sign-in',
  operationId: 'signIn',
  security: [],
  tags: ['auth'],
  summary: 'Sign in',
  description:
    'Checks email and password with the configured auth provider and starts a session (cookie and token). ' +
    'Unknown email, wrong password and an invited account get the same `AUTH_REQUIRED`; a suspended account ' +
    'with the correct password is `PERMISSION_DENIED` {reason: account_suspended}. Failed attempts are limited per email and ' +
    'per client address (`RATE_LIMITED`); successful ones do not count. The response is `Cache-Control: no-store`.',
  request: { body: jsonBody(signInBody) },
  responses: {
    200: jsonResponse(signInResponse, 'Signed in; `Set-Cookie: shell_session=...`'),
    ...errorResponses([
      'AUTH_REQUIRED',
      'PERMISSION_DENIED',
      'RATE_LIMITED',
      'VALIDATION_BLOCKING',
    ]),
  },
});

const signOutRoute = createRoute({
  method: 'post',
  path: '/auth/sign-out',
  operationId: 'signOut',
  tags: ['auth'],
  summary: 'Sign out',
  description:
    'Revokes the session of the presented token (cookie or Bearer) and clears the cookie. A token that is ' +
    'already revoked, expired or unknown is `SESSION_INVALID` (the cookie is cleared all the same).',
  responses: {
    200: jsonResponse(okSchema, 'Signed out; `Set-Cookie` expires `shell_session`'),
    ...errorResponses(['AUTH_REQUIRED', 'SESSION_INVALID', 'PERMISSION_DENIED']),
  },
});

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
 * Signing in and out and the session (PRD §20.3): `POST /auth/sign-in`, `POST /auth/sign-out`
 * (works on the token alone, so a suspended user can still sign out), `GET /auth/session`
 * (everything the UI shell needs to render for this session), and `POST /auth/links/inspect`.
 */
export function authRoutes(deps: ApiDeps): ApiApp {
  const app = createRouter();

  app.openapi(signInRoute, async (c) => {
    const db = requireDatabase(deps);
    const { email, password } = c.req.valid('json');
    const { session, token } = await signIn(
      db,
      deps.authProvider,
      {
        account: requireConfigured(deps.signInLimiter, 'sign-in rate limiter'),
        ip: requireConfigured(deps.signInIpLimiter, 'sign-in address rate limiter'),
      },
      {
        email,
        password,
        ip: clientAddress(c, deps.config.trustProxy),
        userAgent: c.req.header('user-agent') ?? null,
        ttlHours: deps.config.sessionTtlHours,
        correlationId: c.var.correlationId,
      },
      c.var.logger,
    );
    const options = await db.withService('auth: workspace options after sign-in', (tx) =>
      listWorkspaceOptions(tx, session.userId),
    );
    sessionCookie.set(c, token, deps.config);
    return c.json(
      {
        session: {
          access_token: token,
          expires_at: session.expiresAt.toISOString(),
          user_id: session.userId,
        },
        workspace_options: options,
        default_workspace_id: session.activeWorkspaceId,
      },
      200,
    );
  });

  app.openapi(signOutRoute, async (c) => {
    const presented = readSessionToken(c);
    if (!presented) throw new ShellError('AUTH_REQUIRED', 'sign-out without a session token');
    if (presented.source === 'cookie') {
      assertAllowedOrigin(c, deps.config.allowedOrigins);
      // Cleared even when the token turns out to be dead: the browser should drop it either way.
      sessionCookie.clear(c, deps.config);
    }
    const revoked = await signOut(requireDatabase(deps), { token: presented.token });
    if (!revoked)
      throw new ShellError('SESSION_INVALID', 'sign-out with a token of no live session');
    return c.json({ ok: true as const }, 200);
  });

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

  app.openapi(inspectRoute, async (c) => {
    const { token } = c.req.valid('json');
    return c.json(await describeLinkToken(requireDatabase(deps), token), 200);
  });

  return app;
}
