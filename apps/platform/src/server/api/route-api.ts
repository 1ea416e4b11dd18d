import type { Db } from '@aiconnected/db';
import { auditLogRoutes } from './audit-logs/routes';
import { authRoutes } from './auth/routes';
import { brandingAssetRoutes } from './branding-assets/routes';
import type { ApiApp, ApiBaseDeps } from './context';
import { credentialRoutes } from './credentials/routes';
import { devMailboxRoutes } from './dev-mailbox/routes';
import { docsRoutes } from './docs/routes';
import { domainRoutes } from './domains/routes';
import { emailChangeRoutes } from './email-change/routes';
import { eventRoutes } from './events/routes';
import { gatewayRoutes } from './gateway/routes';
import { healthRoutes } from './health/routes';
import { impersonationRoutes } from './impersonation/routes';
import { integrationRoutes } from './integrations/routes';
import { invitationRoutes } from './invitations/routes';
import { loginScreenRoutes } from './login-screens/routes';
import { membershipRoutes } from './memberships/routes';
import { moduleCredentialRoutes } from './module-credentials/routes';
import { modulePageRoutes } from './module-pages/routes';
import { moduleRegistryRoutes } from './modules-registry/routes';
import { moduleRuntimeRoutes } from './module-runtime/routes';
import { moduleRoutes } from './modules/routes';
import { passwordRoutes } from './password/routes';
import { sdkRoutes } from './sdk/routes';
import { sessionRoutes } from './sessions/routes';
import { themeRoutes } from './themes/routes';
import { userRoutes } from './users/routes';
import { workspaceContextRoutes } from './workspace-context/routes';
import { workspaceRoutes } from './workspaces/routes';

/**
 * Mounts every route of the API on `app`, one sub-app per feature (`<feature>/routes.ts`), and
 * its description (`/openapi.json`, `/docs`). The features declare their routes without the
 * process's services (their handlers read `c.var.deps`), so the same tree serves the API and,
 * never served, describes it where there is no database (`createDatabaselessApi`).
 */
export function routeApi(app: ApiApp, deps: ApiBaseDeps & { db: Db | null }): ApiApp {
  app.route('/', healthRoutes(deps));
  app.route('/', authRoutes());
  app.route('/', sessionRoutes());
  app.route('/', impersonationRoutes());
  app.route('/', passwordRoutes());
  app.route('/', emailChangeRoutes());
  app.route('/', workspaceContextRoutes());
  app.route('/', workspaceRoutes());
  app.route('/', membershipRoutes());
  app.route('/', invitationRoutes());
  app.route('/', userRoutes());
  app.route('/', auditLogRoutes());
  app.route('/', loginScreenRoutes());
  app.route('/', brandingAssetRoutes());
  app.route('/', domainRoutes());
  app.route('/', themeRoutes());
  // Before any /modules/{key}/... route: `registry` and `import` are reserved, never keys.
  app.route('/', moduleRegistryRoutes());
  app.route('/', moduleRoutes());
  app.route('/', moduleCredentialRoutes());
  app.route('/', modulePageRoutes());
  app.route('/', moduleRuntimeRoutes());
  app.route('/', gatewayRoutes());
  app.route('/', eventRoutes());
  app.route('/', integrationRoutes());
  app.route('/', credentialRoutes());
  app.route('/', sdkRoutes());
  app.route('/', devMailboxRoutes(deps.config));
  app.route('/', docsRoutes(app));
  return app;
}
