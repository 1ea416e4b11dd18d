import type { ApiApp, ApiDeps } from './context';
import { clearSessionCacheAfterWrites } from './guard/clear-session-cache';
import { createApiRoot } from './http/create-api-root';
import { provideDeps } from './http/provide-deps';
import { routeApi } from './route-api';
import { JWKS_PATH } from '../api-target';
import { serveJwks } from './gateway/jwks';

/**
 * The shell's HTTP API: one Hono app under `/api` whose routes are declared with zod schemas,
 * so the same schemas validate requests and generate `/api/openapi.json`. Every response
 * carries an `x-correlation-id` and the security headers; every failure is the error envelope
 * of `sdk-contracts`. Request bodies over 1 MiB are refused unread (`PAYLOAD_TOO_LARGE`).
 * Each feature declares its routes in its own sub-app (`<feature>/routes.ts`), mounted by
 * `routeApi`; `deps` reach their handlers with each request. Tests call
 * `createApi(deps).request(...)` in process.
 */
export function createApi(deps: ApiDeps): ApiApp {
  // Outermost: a write empties this process's session and module caches before its answer leaves.
  const app = createApiRoot(deps, {
    outermost: clearSessionCacheAfterWrites(deps.sessionCache, deps.moduleSnapshots),
    atRoot: (root) => root.get(JWKS_PATH, serveJwks(deps.signingKeys)),
  });
  app.use(provideDeps(deps));
  return routeApi(app, deps);
}
