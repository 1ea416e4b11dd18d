import { createRoute, z } from '@hono/zod-openapi';
import { changePassword } from '@aiconnected/identity';
import type { ApiApp, ApiDeps } from '../../context';
import { errorResponses } from '../../openapi/error-responses';
import { SESSION_SECURITY } from '../openapi-security';
import { requireAuth } from '../require-auth';
import { requireConfigured, requireDatabase } from '../require-database';
import { jsonBody, jsonResponse } from '../schemas';
import { newPasswordSchema } from './password';

function changeRoute(deps: ApiDeps) {
  return createRoute({
    method: 'post',
    path: '/auth/password/change',
    operationId: 'changePassword',
    tags: ['auth'],
    summary: 'Change my password',
    description:
      'The signed-in user replaces their password, giving the current one. Every other session of the account ' +
      'is revoked (this one stays signed in) and `user.password_changed` is audited. Attempts are limited per ' +
      'account; a wrong current password is `VALIDATION_BLOCKING` (details.field current_password); not while ' +
      'impersonating.',
    security: SESSION_SECURITY,
    middleware: [requireAuth(deps, { workspace: 'optional' })] as const,
    request: {
      body: jsonBody(
        z.object({
          current_password: z.string().min(1).max(1024),
          new_password: newPasswordSchema,
        }),
      ),
    },
    responses: {
      200: jsonResponse(
        z.object({
          password_status: z.literal('changed'),
          revoked_sessions: z.number().int().min(0).meta({
            description: 'How many other sessions of the account were signed out',
          }),
        }),
        'Changed',
      ),
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

/** `POST /auth/password/change`: self-service password change. */
export function registerPasswordChangeRoute(app: ApiApp, deps: ApiDeps): void {
  app.openapi(changeRoute(deps), async (c) => {
    const { current_password: currentPassword, new_password: newPassword } = c.req.valid('json');
    const result = await changePassword(
      requireDatabase(deps),
      deps.authProvider,
      requireConfigured(deps.signInLimiter, 'sign-in rate limiter'),
      { session: c.var.session, currentPassword, newPassword, correlationId: c.var.correlationId },
    );
    return c.json({ password_status: 'changed' as const, ...result }, 200);
  });
}
