// The API's authentication layer, for route files: the guard, the session cookie, and the
// helpers for routes that need the database or a database-backed service.
export {
  requireAuth,
  type AuthEnv,
  type AuthVariables,
  type GuardDeps,
  type RequireAuthOptions,
} from './require-auth';
export { sessionCookie, SESSION_COOKIE } from './session-cookie';
export { apiConfigFromEnv, type ApiConfig } from './config';
export { requireConfigured, requireDatabase } from './require-database';
export { clientAddress } from './client-address';
