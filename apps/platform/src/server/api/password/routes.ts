import { createRoute, z } from '@hono/zod-openapi';
import { changePassword, requestPasswordReset, setPasswordWithToken } from '@aiconnected/identity';
import {
  passwordChangedSchema,
  passwordResetRequestedSchema,
  passwordSetSchema,
} from '@aiconnected/sdk-contracts';
import { linkTokenSchema, newPasswordSchema } from '../http/emailed-link-schemas';
import type { FeatureApp } from '../context';
import { clientAddress } from '../guard';
import { declareAccess } from '../http/access';
import { createRouter } from '../http/create-router';
import { errorResponses } from '../http/error-responses';
import { jsonBody, jsonResponse } from '../http/json-schemas';

const resetRoute = createRoute({
  method: 'post',
  path: '/auth/password/reset',
  operationId: 'requestPasswordReset',
  ...declareAccess({ kind: 'public' }),
  tags: ['auth'],
  summary: 'Request a password reset link',
  description:
    'Mails a single-use reset link when the address belongs to an active account. The answer is the same ' +
    'whether or not it does. Limited per IP and per address.',
  request: { body: jsonBody(z.object({ email: z.email().max(320) })) },
  responses: {
    200: jsonResponse(passwordResetRequestedSchema, 'Requested (whatever the address)'),
    ...errorResponses(['RATE_LIMITED', 'VALIDATION_BLOCKING']),
  },
});

const setRoute = createRoute({
  method: 'post',
  path: '/auth/password/set',
  operationId: 'setPasswordWithLink',
  ...declareAccess({ kind: 'public', note: 'The emailed link’s token is the credential.' }),
  tags: ['auth'],
  summary: 'Set a password from a reset link',
  description:
    'Spends a reset (or invitation) token and sets the new password; every session of the account is ' +
    'revoked. An unknown, used or expired link is `SESSION_INVALID`.',
  request: {
    body: jsonBody(z.object({ token: linkTokenSchema, new_password: newPasswordSchema })),
  },
  responses: {
    200: jsonResponse(passwordSetSchema, 'Password set; sign in with it'),
    ...errorResponses(['SESSION_INVALID', 'VALIDATION_BLOCKING']),
  },
});

function changeRoute() {
  return createRoute({
    method: 'post',
    path: '/auth/password/change',
    operationId: 'changePassword',
    ...declareAccess({ kind: 'self-service', workspace: 'optional' }),
    tags: ['auth'],
    summary: 'Change my password',
    description:
      'The signed-in user replaces their password, giving the current one. Every other session of the account ' +
      'is revoked (this one stays signed in) and `user.password_changed` is audited. Attempts are limited per ' +
      'account; a wrong current password is `VALIDATION_BLOCKING` (details.field current_password); not while ' +
      'impersonating.',
    request: {
      body: jsonBody(
        z.object({
          current_password: z.string().min(1).max(1024),
          new_password: newPasswordSchema,
        }),
      ),
    },
    responses: {
      200: jsonResponse(passwordChangedSchema, 'Changed'),
      ...errorResponses([
        'AUTH_REQUIRED',
        'SESSION_INVALID',
        'PERMISSION_DENIED',
        'RATE_LIMITED',
        'VALIDATION_BLOCKING',
      ]),
    },
  });
}

/**
 * `POST /auth/password/reset` and `POST /auth/password/set` (no session needed: the link is the
 * proof), and `POST /auth/password/change` (self-service, signed in).
 */
export function passwordRoutes(): FeatureApp {
  const app = createRouter();

  app.openapi(resetRoute, async (c) => {
    const { email } = c.req.valid('json');
    const result = await requestPasswordReset(
      c.var.deps.db,
      c.var.deps.mailer,
      c.var.deps.resetLimiter,
      {
        email,
        baseUrl: c.var.deps.config.baseUrl,
        correlationId: c.var.correlationId,
        ip: clientAddress(c, c.var.deps.config.trustProxy) ?? undefined,
      },
    );
    return c.json(result, 200);
  });

  app.openapi(setRoute, async (c) => {
    const { token, new_password: newPassword } = c.req.valid('json');
    const result = await setPasswordWithToken(c.var.deps.db, {
      token,
      newPassword,
      correlationId: c.var.correlationId,
      failureLimiter: c.var.deps.signInLimiter,
    });
    return c.json(result, 200);
  });

  app.openapi(changeRoute(), async (c) => {
    const { current_password: currentPassword, new_password: newPassword } = c.req.valid('json');
    const result = await changePassword(
      c.var.deps.db,
      c.var.deps.authProvider,
      c.var.deps.signInLimiter,
      { session: c.var.session, currentPassword, newPassword, correlationId: c.var.correlationId },
    );
    return c.json(result, 200);
  });

  return app;
}
