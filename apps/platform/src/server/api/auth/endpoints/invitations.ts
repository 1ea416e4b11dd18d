import { createRoute, z } from '@hono/zod-openapi';
import { acceptInvitation } from '@aiconnected/identity';
import type { ApiApp, ApiDeps } from '../../context';
import { errorResponses } from '../../openapi/error-responses';
import { requireDatabase } from '../require-database';
import { jsonBody, jsonResponse } from '../schemas';
import { linkTokenSchema, newPasswordSchema } from './password';

const acceptBody = z.object({
  token: linkTokenSchema,
  password: newPasswordSchema,
  display_name: z.string().max(200).optional(),
});

const acceptRoute = createRoute({
  method: 'post',
  path: '/auth/invitations/accept',
  tags: ['auth'],
  summary: 'Accept an invitation',
  description:
    'Spends the invitation token from the emailed link, sets the password (and optionally the display name) ' +
    'and activates the account; the user then signs in. An unknown, used or expired link is `SESSION_INVALID`.',
  request: { body: jsonBody(acceptBody) },
  responses: {
    200: jsonResponse(
      z.object({ status: z.literal('accepted') }),
      'Accepted; sign in with the new password',
    ),
    ...errorResponses(['SESSION_INVALID', 'VALIDATION_BLOCKING']),
  },
});

/** `POST /auth/invitations/accept` (no session needed: the link is the proof). */
export function registerInvitationRoutes(app: ApiApp, deps: ApiDeps): void {
  app.openapi(acceptRoute, async (c) => {
    const { token, password, display_name: displayName } = c.req.valid('json');
    await acceptInvitation(requireDatabase(deps), {
      token,
      password,
      displayName,
      correlationId: c.var.correlationId,
    });
    return c.json({ status: 'accepted' as const }, 200);
  });
}
