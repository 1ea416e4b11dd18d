import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { ApiEnv } from '../context';

/**
 * The API answers JSON, which nothing should run, style or frame from elsewhere: no source
 * at all, framing only by our own pages. A route that sets its own policy keeps it (the
 * Swagger UI page at /api/docs).
 */
const API_CSP = {
  defaultSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'self'"],
};

/**
 * The API's security headers (hono/secure-headers): CSP, `X-Content-Type-Options: nosniff`,
 * `Referrer-Policy`, `X-Frame-Options: SAMEORIGIN`, HSTS when the site is served over https,
 * and `Cache-Control: no-store` on every answer that sets no caching of its own: API answers
 * are personal, and some carry secrets (the sign-in's `access_token`, session details).
 */
export function securityHeaders(options: { https: boolean }): MiddlewareHandler<ApiEnv> {
  const secure = secureHeaders({
    contentSecurityPolicy: API_CSP,
    referrerPolicy: 'same-origin',
    strictTransportSecurity: options.https ? 'max-age=15552000; includeSubDomains' : false,
    overwrite: false,
  });
  return async (c, next) => {
    await secure(c, next);
    if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'no-store');
  };
}
