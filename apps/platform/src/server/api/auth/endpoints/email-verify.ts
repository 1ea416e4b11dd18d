import { createRoute, z } from '@hono/zod-openapi';
import { verifyEmailChange } from '@aiconnected/identity';
import type { ApiApp, ApiDeps } from '../../context';
import { errorResponses } from '../../openapi/error-responses';
import { requireDatabase } from '../require-database';
import { jsonBody, jsonResponse } from '../schemas';
import { linkTokenSchema } from './password';

const verifyRoute = createRoute({
  method: 'post',
  path: '/auth/email/verify',
  operationId: 'verifyEmailChange',
  security: [],
  tags: ['auth'],
  summary: 'Verify a new email address',
  description:
    'Spends the verification token mailed to the new address and moves the account to it. An unknown, used ' +
    'or expired link is `SESSION_INVALID`; an address another account took meanwhile is `CONFLICT`.',
  request: { body: jsonBody(z.object({ token: linkTokenSchema })) },
  responses: {
    200: jsonResponse(
      z.object({ verification_status: z.literal('verified') }),
      'The account uses the new address',
    ),
    ...errorResponses(['SESSION_INVALID', 'CONFLICT', 'VALIDATION_BLOCKING']),
  },
});

/** `POST /auth/email/verify` (no session needed: the link is the proof). */
export function registerEmailVerifyRoutes(app: ApiApp, deps: ApiDeps): void {
  app.openapi(verifyRoute, async (c) => {
    const { token } = c.req.valid('json');
    await verifyEmailChange(requireDatabase(deps), { token, correlationId: c.var.correlationId });
    return c.json({ verification_status: 'verified' as const }, 200);
  });
}
