import { OpenAPIHono } from '@hono/zod-openapi';
import { auditLogRoutes } from './audit-logs/routes';
import { authRoutes } from './auth/routes';
import type { ApiApp, ApiDeps, ApiEnv } from './context';
import { devMailboxRoutes } from './dev-mailbox/routes';
import { docsRoutes } from './docs/routes';
import { emailChangeRoutes } from './email-change/routes';
import { clearSessionCacheAfterWrites } from './guard/clear-session-cache';
import { healthRoutes } from './health/routes';
import { limitBodySize } from './http/body-limit';
import { handleError } from './http/handle-error';
import { createNotFoundHandler } from './http/handle-not-found';
import { requestContext } from './http/request-context';
import { securityHeaders } from './http/security-headers';
import { validationHook } from './http/validation-hook';
import { impersonationRoutes } from './impersonation/routes';
import { invitationRoutes } from './invitations/routes';
import { membershipRoutes } from './memberships/routes';
import { passwordRoutes } from './password/routes';
import { sessionRoutes } from './sessions/routes';
import { userRoutes } from './users/routes';
import { workspaceContextRoutes } from './workspace-context/routes';
import { workspaceRoutes } from './workspaces/routes';

/**
 * The shell's HTTP API: one Hono app under `/api` whose routes are declared with zod schemas,
 * so the same schemas validate requests and generate `/api/openapi.json`. Every response
 * carries an `x-correlation-id` and the security headers; every failure is the error envelope
 * of `sdk-contracts`. Request bodies over 1 MiB are refused unread (`PAYLOAD_TOO_LARGE`).
 * Each feature declares its routes in its own sub-app (`<feature>/routes.ts`), mounted here.
 * Tests call `createApi(deps).request(...)` in process.
 */
export function createApi(deps: ApiDeps): ApiApp {
  const app = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook }).basePath('/api');

  // Outermost: a write empties this process's session cache before its answer leaves.
  app.use(clearSessionCacheAfterWrites(deps.sessionCache));
  app.use(requestContext(deps.logger));
  app.use(securityHeaders({ https: deps.config.baseUrl.startsWith('https:') }));
  // Before any route reads the body: an oversized one is refused unread.
  app.use(limitBodySize());
  app.onError(handleError);
  app.notFound(createNotFoundHandler(app));

  app.route('/', healthRoutes(deps));
  app.route('/', authRoutes(deps));
  app.route('/', sessionRoutes(deps));
  app.route('/', impersonationRoutes(deps));
  app.route('/', passwordRoutes(deps));
  app.route('/', emailChangeRoutes(deps));
  app.route('/', workspaceContextRoutes(deps));
  app.route('/', workspaceRoutes(deps));
  app.route('/', membershipRoutes(deps));
  app.route('/', invitationRoutes(deps));
  app.route('/', userRoutes(deps));
  app.route('/', auditLogRoutes(deps));
  app.route('/', devMailboxRoutes(deps));
  app.route('/', docsRoutes(app));

  return app;
}
