import { registerEmailVerifyRoutes } from '../auth/endpoints/email-verify';
import { registerGetSession } from '../auth/endpoints/get-session';
import { registerImpersonationRoutes } from '../auth/endpoints/impersonation';
import { registerSessionSecuritySchemes } from '../auth/openapi-security';
import { registerInvitationRoutes } from '../auth/endpoints/invitations';
import { registerPasswordRoutes } from '../auth/endpoints/password';
import { registerPasswordChangeRoute } from '../auth/endpoints/password-change';
import { registerSessionRoutes } from '../auth/endpoints/sessions';
import { registerSignIn } from '../auth/endpoints/sign-in';
import { registerSignOut } from '../auth/endpoints/sign-out';
import type { ApiApp, ApiDeps } from '../context';

/**
 * The `/auth/*` endpoints (PRD §20.3): sign-in and out, the session and its list, impersonation,
 * and the emailed-link flows (password reset and set, invitation, email verification).
 */
export function registerAuthRoutes(app: ApiApp, deps: ApiDeps): void {
  registerSessionSecuritySchemes(app);
  registerSignIn(app, deps);
  registerSignOut(app, deps);
  registerGetSession(app, deps);
  registerSessionRoutes(app, deps);
  registerImpersonationRoutes(app, deps);
  registerPasswordRoutes(app, deps);
  registerPasswordChangeRoute(app, deps);
  registerInvitationRoutes(app, deps);
  registerEmailVerifyRoutes(app, deps);
}
