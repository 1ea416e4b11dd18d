import { createRoute, z } from '@hono/zod-openapi';
import { requestPasswordReset, setPasswordWithToken } from '@aiconnected/identity';
import type { ApiApp, ApiDeps } from '../../context';
import { errorResponses } from '../../openapi/error-responses';
import { clientAddress } from '../client-address';
import { requireConfigured, requireDatabase } from '../require-database';
import { jsonBody, jsonResponse } from '../schemas';

/** A single-use token from an emailed link (32 random bytes, base64url). */
export const linkTokenSchema = z
  .string()
  .min(1)
  .max(512)
  .meta({ description: 'The `token` of the emailed link' });

/** A new password: the policy (12 to 256 characters) is applied by the server, with its own message. */
export const newPasswordSchema = z.string().max(1024).meta({
  description:
    '12 to 256 characters; a shorter or longer one is VALIDATION_BLOCKING (details.field new_password)',
});

const resetRoute = createRoute({
  method: 'post',
  path: '/auth/password/reset',
  operationId: 'requestPasswordReset',
  security: [],
  tags: ['auth'],
  summary: 'Request a password reset link',
  description:
    'Mails a single-use reset link when the address belongs to an active account. The answer is the same ' +
    'whether or not it does. Limited per IP and per address.',
  request: { body: jsonBody(z.object({ email: z.email().max(320) })) },
  responses: {
    200: jsonResponse(
      z.object({ reset_status: z.literal('requested') }),
      'Requested (whatever the address)',
    ),
    ...errorResponses(['RATE_LIMITED', 'VALIDATION_BLOCKING']),
  },
});

const setRoute = createRoute({
  method: 'post',
  path: '/auth/password/set',
  operationId: 'setPasswordWithLink',
  security: [],
  tags: ['auth'],
  summary: 'Set a password from a reset link',
  description:
    'Spends a reset (or invitation) token and sets the new password; every session of the account is ' +
    'revoked. An unknown, used or expired link is `SESSION_INVALID`.',
  request: {
    body: jsonBody(z.object({ token: linkTokenSchema, new_password: newPasswordSchema })),
  },
  responses: {
    200: jsonResponse(
      z.object({ reset_status: z.literal('completed') }),
      'Password set; sign in with it',
    ),
    ...errorResponses(['SESSION_INVALID', 'VALIDATION_BLOCKING']),
  },
});

/** `POST /auth/password/reset` and `POST /auth/password/set` (no session needed). */
export function registerPasswordRoutes(app: ApiApp, deps: ApiDeps): void {
  app.openapi(resetRoute, async (c) => {
    const { email } = c.req.valid('json');
    const result = await requestPasswordReset(
      requireDatabase(deps),
      requireConfigured(deps.mailer, 'mailer'),
      requireConfigured(deps.resetLimiter, 'password reset rate limiter'),
      {
        email,
        baseUrl: deps.config.baseUrl,
        correlationId: c.var.correlationId,
        ip: clientAddress(c, deps.config.trustProxy) ?? undefined,
      },
    );
    return c.json(result, 200);
  });

  app.openapi(setRoute, async (c) => {
    const { token, new_password: newPassword } = c.req.valid('json');
    const result = await setPasswordWithToken(requireDatabase(deps), {
      token,
      newPassword,
      correlationId: c.var.correlationId,
      failureLimiter: requireConfigured(deps.signInLimiter, 'sign-in rate limiter'),
    });
    return c.json(result, 200);
  });
}
