import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { ShellError } from '@aiconnected/sdk-contracts';
import type { ApiEnv } from '../context';
import { isGatewayPath } from './body-limit';

/** How long a browser may keep an allowed preflight's answer. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * Cross-origin use of the API (PRD §39: denied unless the origin is listed in
 * `PLATFORM_ALLOWED_ORIGINS`). A listed origin gets CORS with credentials (hono/cors: its
 * preflight 204 with the requested method and headers, `Access-Control-Allow-Origin` and
 * `Vary: Origin` on its answers); any other origin gets no CORS header, so a browser keeps the
 * answer from its script, and its preflight (`OPTIONS` with `Origin` and
 * `Access-Control-Request-Method`) is refused outright: `PERMISSION_DENIED` 403,
 * `details.reason: "origin"`, as the guard refuses a cookie write from such an origin. The
 * gateway's paths keep their own rule (no CORS at all: docs/modules.md "Gateway").
 */
export function crossOrigin(allowedOrigins: readonly string[]): MiddlewareHandler<ApiEnv> {
  const allowed = new Set(allowedOrigins);
  const allowListed = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    credentials: true,
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
    exposeHeaders: ['x-correlation-id', 'retry-after'],
  });
  return (c, next) => {
    const origin = c.req.header('origin');
    if (origin === undefined || isGatewayPath(c.req.path)) return next();
    if (allowed.has(origin)) return allowListed(c, next);
    if (c.req.method === 'OPTIONS' && c.req.header('access-control-request-method') !== undefined) {
      throw new ShellError('PERMISSION_DENIED', `CORS preflight from origin ${origin} refused`, {
        userMessage: 'This origin may not call the API.',
        details: { reason: 'origin' },
      });
    }
    return next();
  };
}
