import { OpenAPIHono } from '@hono/zod-openapi';
import type { Hono, MiddlewareHandler } from 'hono';
import type { ApiApp, ApiBaseDeps, ApiEnv } from '../context';
import { limitBodyIdle, limitBodyTime } from './body-deadline';
import { isGatewayPath, isSignedAssetUpload, limitBodySize } from './body-limit';
import { crossOrigin } from './cross-origin';
import { handleError } from './handle-error';
import { createNotFoundHandler } from './handle-not-found';
import { requestContext } from './request-context';
import { readJsonOnce } from './sent-json';
import { securityHeaders } from './security-headers';
import { closeOnUnfinishedBody } from './unfinished-body';
import { validationHook } from './validation-hook';

/** What `createApiRoot` adds besides its own middleware. */
export interface ApiRootOptions {
  /** Runs before everything else (it sees every answer last). */
  outermost?: MiddlewareHandler;
  /**
   * Routes outside `/api` (the JWKS at `/.well-known/jwks.json`), given the root app: they get
   * the same middleware, but not the API's services (`c.var.deps`), so they close over theirs.
   */
  atRoot?: (root: Hono<ApiEnv>) => void;
}

/**
 * An API app under `/api` with what every answer gets, whatever routes it then mounts: a fresh
 * `x-correlation-id` and the request log line, the security headers, request bodies over
 * 1 MiB refused unread (`PAYLOAD_TOO_LARGE`; not on the gateway, which counts its own), a body
 * still incomplete `API_BODY_TIMEOUT_MS` after the headers answered 408 (on a signed branding
 * upload and the gateway: after that long without a byte), CORS
 * for the allowed origins only (`crossOrigin`),
 * every failure as the error envelope of `sdk-contracts`, and NOT_FOUND for a path no route
 * serves.
 */
export function createApiRoot(deps: ApiBaseDeps, options: ApiRootOptions = {}): ApiApp {
  const { outermost, atRoot } = options;
  // The middleware is registered before the `/api` base path, so it covers every path: a
  // request the web server hands over whose path, once its dot segments are resolved, lies
  // outside `/api` (`/api/../etc/passwd`) still gets a correlation id, the headers and the
  // envelope. The two apps share one router.
  const root = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });
  if (outermost) root.use(outermost);
  root.use(requestContext(deps.logger));
  // An answer that leaves a body unfinished after something read from it ends the connection.
  root.use(closeOnUnfinishedBody());
  root.use(securityHeaders({ https: deps.config.baseUrl.startsWith('https:') }));
  // Cross-origin: CORS for PLATFORM_ALLOWED_ORIGINS only, other origins' preflights refused.
  root.use(crossOrigin(deps.config.allowedOrigins));
  // Before any route reads the body: an oversized one is refused unread. A signed branding
  // upload (up to 5 MiB) has its own limits: the type's and the declared size (branding-assets);
  // the gateway streams bodies to modules and counts them itself (GATEWAY_MAX_BODY_BYTES).
  // A body still incomplete API_BODY_TIMEOUT_MS after the headers is answered 408 and its
  // connection closed (body-deadline.ts). A signed branding upload (a one-use URL, up to 5 MiB
  // on a slow link) and a gateway body (streamed, up to 100 MiB) get the 408 only after that
  // long without a byte (limitBodyIdle; the gateway's own listener: gateway-listener.ts).
  const deadline = limitBodyTime(deps.config.bodyTimeoutMs);
  const idleDeadline = limitBodyIdle(deps.config.bodyTimeoutMs);
  const limit = limitBodySize();
  root.use((c, next) => {
    if (isGatewayPath(c.req.path) || isSignedAssetUpload(c.req.method, c.req.path)) {
      return idleDeadline(c, next);
    }
    return deadline(c, async () => {
      await limit(c, next);
    });
  });
  // `c.req.json()` parses a body once, keeping `__proto__` keys as sent (sent-json.ts).
  root.use(readJsonOnce());
  root.onError(handleError);
  atRoot?.(root);
  const app = root.basePath('/api');
  app.notFound(createNotFoundHandler(app));
  return app;
}
