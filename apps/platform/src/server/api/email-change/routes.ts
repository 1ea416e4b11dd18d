import { createRoute, z } from '@hono/zod-openapi';
import { cancelEmailChange, verifyEmailChange } from '@aiconnected/identity';
import { emailChangeCancelledSchema, emailVerifiedSchema } from '@aiconnected/sdk-contracts';
import { linkTokenSchema } from '../http/emailed-link-schemas';
import type { FeatureApp } from '../context';
import { declareAccess } from '../http/access';
import { createRouter } from '../http/create-router';
import { errorResponses } from '../http/error-responses';
import { jsonBody, jsonResponse } from '../http/json-schemas';

const verifyRoute = createRoute({
  method: 'post',
  path: '/auth/email/verify',
  operationId: 'verifyEmailChange',
  ...declareAccess({ kind: 'public', note: 'The emailed link’s token is the credential.' }),
  tags: ['auth'],
  summary: 'Verify a new email address',
  description:
    'Spends the verification token mailed to the new address and moves the account to it. An unknown, used ' +
    'or expired link is `SESSION_INVALID`; an address another account took meanwhile is `CONFLICT`.',
  request: { body: jsonBody(z.object({ token: linkTokenSchema })) },
  responses: {
    200: jsonResponse(emailVerifiedSchema, 'The account uses the new address'),
    ...errorResponses(['SESSION_INVALID', 'CONFLICT', 'VALIDATION_BLOCKING']),
  },
});

const cancelRoute = createRoute({
  method: 'post',
  path: '/auth/email/cancel',
  operationId: 'cancelEmailChange',
  ...declareAccess({ kind: 'public', note: 'The emailed link’s token is the credential.' }),
  tags: ['auth'],
  summary: 'Cancel a pending email change',
  description:
    'Spends the cancel token mailed to the OLD address when an email change was requested, and voids the ' +
    'change: its verification link stops working and the account keeps its address. An unknown, used or ' +
    'expired link, or one whose change was already confirmed, is `SESSION_INVALID`. Audited as ' +
    '`user.email_change_cancelled`.',
  request: { body: jsonBody(z.object({ token: linkTokenSchema })) },
  responses: {
    200: jsonResponse(
      emailChangeCancelledSchema,
      'The change is cancelled; the account keeps its address',
    ),
    ...errorResponses(['SESSION_INVALID', 'VALIDATION_BLOCKING']),
  },
});

/** `POST /auth/email/verify` and `POST /auth/email/cancel` (no session needed: the link is the proof). */
export function emailChangeRoutes(): FeatureApp {
  const app = createRouter();

  app.openapi(verifyRoute, async (c) => {
    const { token } = c.req.valid('json');
    await verifyEmailChange(c.var.deps.db, { token, correlationId: c.var.correlationId });
    return c.json({ verification_status: 'verified' as const }, 200);
  });

  app.openapi(cancelRoute, async (c) => {
    const { token } = c.req.valid('json');
    const result = await cancelEmailChange(c.var.deps.db, {
      token,
      correlationId: c.var.correlationId,
    });
    return c.json(result, 200);
  });

  return app;
}
