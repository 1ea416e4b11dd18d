// The API's authentication guard, for route files: the guard itself, the session token and
// cookie, the origin check, the client address and the session's OpenAPI security requirement.
export {
  requireAuth,
  type AuthEnv,
  type AuthVariables,
  type RequireAuthOptions,
} from './require-auth';
export { sessionCookie, SESSION_COOKIE } from './session-cookie';
export { readSessionToken, type PresentedToken } from './read-session-token';
export { assertAllowedOrigin } from './check-origin';
export { apiConfigFromEnv, localApiConfig, type ApiConfig } from './config';
export { clientAddress, compileTrustedProxies, type TrustProxy } from './client-address';
export { SESSION_SECURITY, registerSessionSecuritySchemes } from './openapi-security';
