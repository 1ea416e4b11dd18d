import { createRoute, z } from '@hono/zod-openapi';
import { declareAccess } from '../http/access';
import { errorResponses } from '../http/error-responses';

export function callbackRoute() {
  return createRoute({
    method: 'get',
    path: '/integrations/providers/composio/callback',
    operationId: 'integrationOAuthCallback',
    ...declareAccess({
      kind: 'self-service',
      workspace: 'optional',
      guard: false,
      note:
        'The provider’s hosted flow sends the browser here. The handler reads the session itself: the state ' +
        'must have been issued to the signed-in user.',
    }),
    tags: ['integrations'],
    summary: 'Return from the provider’s hosted connect flow',
    description:
      'Consumes the single-use `state` (issued by connect to the signed-in user, 10 minutes), asks the backend ' +
      'for the account’s state (never trusting the query string) and redirects (303) to the connect call’s ' +
      '`return_path` with `?connect=active|failed&connection_id=`. An unknown, used, expired or foreign state ' +
      'is `INTEGRATION_OAUTH_STATE_INVALID` (`details.reason`): for a browser (Accept: text/html) a redirect ' +
      'to the integrations page with `?connect=invalid&code=&reason=`, otherwise the JSON envelope. The user ' +
      'must still hold `integrations.manage` in the workspace (removed or demoted meanwhile: ' +
      '`PERMISSION_DENIED`, `details.reason` `permission_revoked`, redirected the same way; the state is used ' +
      'up and the connection `failed`). Without a ' +
      'session a browser is sent to sign in (the state is kept; the refresh job settles the connection).',
    request: {
      query: z.object({
        state: z.string().max(256).optional().meta({ description: 'The state connect issued' }),
        status: z
          .string()
          .max(64)
          .optional()
          .meta({ description: 'Ignored: the backend is asked' }),
        connected_account_id: z
          .string()
          .max(255)
          .optional()
          .meta({ description: 'Ignored: the connection is bound to the state' }),
      }),
    },
    responses: {
      303: { description: 'Back to the return path (or to sign in)' },
      ...errorResponses([
        'AUTH_REQUIRED',
        'SESSION_INVALID',
        'PERMISSION_DENIED',
        'INTEGRATION_OAUTH_STATE_INVALID',
      ]),
    },
  });
}
