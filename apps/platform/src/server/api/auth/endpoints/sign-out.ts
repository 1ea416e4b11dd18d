import { createRoute } from '@hono/zod-openapi';
import { signOut } from '@aiconnected/identity';
import { ShellError } from '@aiconnected/sdk-contracts';
import type { ApiApp, ApiDeps } from '../../context';
import { errorResponses } from '../../openapi/error-responses';
import { assertAllowedOrigin } from '../check-origin';
import { readSessionToken } from '../read-session-token';
import { requireDatabase } from '../require-database';
import { jsonResponse, okSchema } from '../schemas';
import { sessionCookie } from '../session-cookie';

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

/** `POST /auth/sign-out`: works on the token alone, so a suspended user can still sign out. */
export function registerSignOut(app: ApiApp, deps: ApiDeps): void {
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
}
