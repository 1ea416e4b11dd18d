import { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiApp, ApiDeps, ApiEnv } from './context';
import { handleError } from './errors/handle-error';
import { createNotFoundHandler } from './errors/handle-not-found';
import { validationHook } from './errors/validation-hook';
import { limitBodySize } from './middleware/body-limit';
import { requestContext } from './middleware/request-context';
import { securityHeaders } from './middleware/security-headers';
import { registerAuditLogRoutes } from './routes/audit-logs';
import { registerAuthRoutes } from './routes/auth';
import { registerDevMailboxRoutes } from './routes/dev-mailbox';
import { registerDocsRoutes } from './routes/docs';
import { registerHealthRoutes } from './routes/health';
import { registerPendingInvitationRoutes } from './routes/invitations';
import { registerMembershipRoutes } from './routes/memberships';
import { registerOpenApiDocument } from './routes/openapi';
import { registerPermissionRoutes } from './routes/permissions';
import { registerSwitchWorkspaceRoutes } from './routes/switch-workspace';
import { registerUserRoutes } from './routes/users';
import { registerWorkspaceRoutes } from './routes/workspaces';

/**
 * The shell's HTTP API: one Hono app under `/api` whose routes are declared with zod schemas,
 * so the same schemas validate requests and generate `/api/openapi.json`. Every response
 * carries an `x-correlation-id` and the security headers; every failure is the error envelope
 * of `sdk-contracts`. Request bodies over 1 MiB are refused unread (`PAYLOAD_TOO_LARGE`).
 * Tests call `createApi(deps).request(...)` in process.
 */
export function createApi(deps: ApiDeps): ApiApp {
  const app = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook }).basePath('/api');

  app.use(requestContext(deps.logger));
  app.use(securityHeaders({ https: deps.config.baseUrl.startsWith('https:') }));
  // Before any route reads the body: an oversized one is refused unread.
  app.use(limitBodySize());
  app.onError(handleError);
  app.notFound(createNotFoundHandler(app));

  registerHealthRoutes(app, deps);
  registerAuthRoutes(app, deps);
  registerSwitchWorkspaceRoutes(app, deps);
  registerPermissionRoutes(app, deps);
  registerWorkspaceRoutes(app, deps);
  registerMembershipRoutes(app, deps);
  registerPendingInvitationRoutes(app, deps);
  registerUserRoutes(app, deps);
  registerAuditLogRoutes(app, deps);
  registerDevMailboxRoutes(app, deps);
  registerOpenApiDocument(app);
  registerDocsRoutes(app);

  return app;
}
