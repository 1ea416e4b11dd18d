import type { ApiApp } from '../context';
import { SESSION_COOKIE } from './session-cookie';

/**
 * The two ways a request carries a session, as OpenAPI security requirements: either one
 * satisfies a guarded route. Spread into `createRoute({ security: SESSION_SECURITY })`.
 */
export const SESSION_SECURITY: Record<string, string[]>[] = [
  { sessionCookie: [] },
  { bearerSession: [] },
];

/** Declares the session cookie and the Bearer token in the document's security schemes. */
export function registerSessionSecuritySchemes(app: ApiApp): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'sessionCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description:
      'Set by `POST /api/auth/sign-in` (httpOnly). State-changing requests must come from an allowed Origin.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerSession', {
    type: 'http',
    scheme: 'bearer',
    description: 'The `session.access_token` of `POST /api/auth/sign-in`, for API clients.',
  });
}
