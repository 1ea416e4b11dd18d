import { createRoute, z } from '@hono/zod-openapi';
import {
  describeLinkToken,
  describeSession,
  signInWithOptions,
  signOut,
} from '@aiconnected/identity';
import {
  linkDescriptionSchema,
  okSchema,
  sessionViewSchema,
  ShellError,
  signInResultSchema,
} from '@aiconnected/sdk-contracts';
import type { FeatureApp } from '../context';
import { assertAllowedOrigin, clientAddress, readSessionToken, sessionCookie } from '../guard';
import { READ_ONLY_EXTENSION } from '../guard/clear-session-cache';
import { declareAccess } from '../http/access';
import { createRouter } from '../http/create-router';
import { errorResponses } from '../http/error-responses';
import { jsonBody, jsonResponse } from '../http/json-schemas';
import { linkTokenSchema } from '../http/emailed-link-schemas';

const signInBody = z.object({
  email: z.email().max(320),
  password: z.string().min(1).max(1024),
});

const signInRoute = createRoute({
  method: 'post',
  path: '/auth/sign-in',
  operationId: 'signIn',
  ...declareAccess({ kind: 'public' }),
  tags: ['auth'],
  summary: 'Sign in',
  description:
    'Checks email and password with the configured auth provider and starts a session (cookie and token). ' +
    'Unknown email, wrong password and an invited account get the same `AUTH_REQUIRED`; a suspended account ' +
    'with the correct password is `PERMISSION_DENIED` {reason: account_suspended}. Failed attempts are limited per email and ' +
    'per client address (`RATE_LIMITED`); successful ones do not count. On a workspace’s address (its verified custom ' +
    'domain or platform host) only a person who governs that workspace or one below it gets in, and the session ' +
    'starts there; anyone else with the correct password is `WORKSPACE_FORBIDDEN` {reason: host_workspace}. ' +
    'The response is `Cache-Control: no-store`.',
  request: { body: jsonBody(signInBody) },
  responses: {
    200: jsonResponse(signInResultSchema, 'Signed in; `Set-Cookie: shell_session=...`'),
    ...errorResponses([
      'AUTH_REQUIRED',
      'PERMISSION_DENIED',
      'RATE_LIMITED',
      'WORKSPACE_FORBIDDEN',
      'VALIDATION_BLOCKING',
    ]),
  },
});

const signOutRoute = createRoute({
  method: 'post',
  path: '/auth/sign-out',
  operationId: 'signOut',
  ...declareAccess({
    kind: 'self-service',
    guard: false,
    note: 'The handler checks the presented token itself, so a suspended account can still sign out.',
  }),
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

/** `GET /auth/session`, declared with the guard it runs. */
function sessionRoute() {
  return createRoute({
    method: 'get',
    path: '/auth/session',
    operationId: 'getSession',
    ...declareAccess({ kind: 'self-service', workspace: 'optional' }),
    tags: ['auth'],
    summary: 'The current session',
    description:
      'The signed-in user, the session, the resolved workspace context (null before a workspace is selected), ' +
      'the workspace options, the role-aware destination and the impersonation state with both identities.',
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
  ...declareAccess({ kind: 'public', note: 'The emailed link’s token is the credential.' }),
  // Spends nothing: a POST only to keep the token out of URLs and logs.
  [READ_ONLY_EXTENSION]: true,
  tags: ['auth'],
  summary: 'Check an emailed link',
  description:
    'Reads an invitation or password reset token without spending it, so the page can say at once that a ' +
    'link is used or expired (`SESSION_INVALID`) and ask the right questions (a name for a new account).',
  request: { body: jsonBody(z.object({ token: linkTokenSchema })) },
  responses: {
    200: jsonResponse(linkDescriptionSchema, 'The link is usable'),
    ...errorResponses(['SESSION_INVALID', 'VALIDATION_BLOCKING']),
  },
});

/**
 * Signing in and out and the session (PRD §20.3): `POST /auth/sign-in`, `POST /auth/sign-out`
 * (works on the token alone, so a suspended user can still sign out), `GET /auth/session`
 * (everything the UI shell needs to render for this session), and `POST /auth/links/inspect`.
 */
export function authRoutes(): FeatureApp {
  const app = createRouter();

  app.openapi(signInRoute, async (c) => {
    const { email, password } = c.req.valid('json');
    // Looked up before the password is checked, so a wrong one takes the same path everywhere.
    const host = await c.var.deps.hostWorkspaces.resolve(c.req.header('host'));
    const answer = await signInWithOptions(
      c.var.deps.db,
      c.var.deps.authProvider,
      {
        account: c.var.deps.signInLimiter,
        ip: c.var.deps.signInIpLimiter,
      },
      {
        email,
        password,
        ip: clientAddress(c, c.var.deps.config.trustProxy),
        userAgent: c.req.header('user-agent') ?? null,
        ttlHours: c.var.deps.config.sessionTtlHours,
        correlationId: c.var.correlationId,
        hostWorkspaceId: host?.workspace_id ?? null,
      },
      c.var.logger,
    );
    sessionCookie.set(c, answer.session.access_token, c.var.deps.config);
    return c.json(answer, 200);
  });

  app.openapi(signOutRoute, async (c) => {
    const presented = readSessionToken(c);
    if (!presented) throw new ShellError('AUTH_REQUIRED', 'sign-out without a session token');
    if (presented.source === 'cookie') {
      await assertAllowedOrigin(c, c.var.deps);
      // Cleared even when the token turns out to be dead: the browser should drop it either way.
      sessionCookie.clear(c, c.var.deps.config);
    }
    const revoked = await signOut(c.var.deps.db, { token: presented.token });
    if (!revoked)
      throw new ShellError('SESSION_INVALID', 'sign-out with a token of no live session');
    return c.json({ ok: true as const }, 200);
  });

  app.openapi(sessionRoute(), async (c) => {
    const { session, context } = c.var;
    return c.json(await describeSession(c.var.deps.db, { session, context }), 200);
  });

  app.openapi(inspectRoute, async (c) => {
    const { token } = c.req.valid('json');
    return c.json(await describeLinkToken(c.var.deps.db, token), 200);
  });

  return app;
}
