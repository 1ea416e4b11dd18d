import { createRoute, z } from '@hono/zod-openapi';
import { listWorkspaceOptions, signIn } from '@aiconnected/identity';
import type { ApiApp, ApiDeps } from '../../context';
import { errorResponses } from '../../openapi/error-responses';
import { clientAddress } from '../client-address';
import { requireConfigured, requireDatabase } from '../require-database';
import { jsonBody, jsonResponse, workspaceOptionSchema } from '../schemas';
import { sessionCookie } from '../session-cookie';

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

/** `POST /auth/sign-in`. */
export function registerSignIn(app: ApiApp, deps: ApiDeps): void {
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
}
