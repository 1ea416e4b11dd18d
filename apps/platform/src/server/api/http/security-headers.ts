import { GATEWAY_SECURITY_HEADERS } from '@aiconnected/gateway';
import { Hono, type Context, type MiddlewareHandler, type Next } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { ApiEnv } from '../context';
import { isGatewayPath } from './body-limit';
import { nodeResponseOf } from './node-response';

/**
 * The API answers JSON, which nothing should run, style or frame from elsewhere: no source
 * at all, framing only by our own pages. A route that sets its own policy keeps it (the
 * Swagger UI page at /api/docs), except on the gateway's paths (`overrideOnGateway`).
 */
const API_CSP = {
  defaultSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'self'"],
};

/** Header names (lower case, as hono/secure-headers answers them) and values. */
type SecurityHeaders = [string, string][];

/** Answers that set no caching of their own are not stored: they are personal. */
const NO_STORE: [string, string] = ['cache-control', 'no-store'];

/**
 * The headers hono/secure-headers sets with our options, read once from its answer to a
 * probe request (so they are exactly its headers), plus `Cache-Control: no-store`.
 */
async function readSecurityHeaders(https: boolean): Promise<SecurityHeaders> {
  const probe = new Hono();
  probe.use(
    secureHeaders({
      contentSecurityPolicy: API_CSP,
      referrerPolicy: 'same-origin',
      strictTransportSecurity: https ? 'max-age=15552000; includeSubDomains' : false,
    }),
  );
  probe.all('*', (c) => c.body(null));
  const response = await probe.request('/');
  return [...response.headers, NO_STORE];
}

/**
 * The API's security headers (hono/secure-headers): CSP, `X-Content-Type-Options: nosniff`,
 * `Referrer-Policy`, `X-Frame-Options: SAMEORIGIN`, HSTS when the site is served over https,
 * and `Cache-Control: no-store` on every answer that sets no caching of its own: API answers
 * are personal, and some carry secrets (the sign-in's `access_token`, session details).
 *
 * They are set before the route runs, so a route's own value of one of them replaces ours
 * (`c.header` or the headers of `c.json`) and the answer is not copied to amend it afterwards:
 * behind a Node listener on the Node response (see node-response.ts), in process on the
 * context's headers, where an answer built without them (a bare `Response`) gets them
 * afterwards, still without replacing its own. Gateway paths are the exception.
 */
export function securityHeaders(options: { https: boolean }): MiddlewareHandler<ApiEnv> {
  let list: SecurityHeaders | undefined;
  const read = readSecurityHeaders(options.https).then((headers) => (list = headers));
  // Not async once they are read: behind the Node listener the request then passes without
  // a promise of this middleware's own (measurable on every answer).
  return (c, next) =>
    list
      ? setSecurityHeaders(c, next, list)
      : read.then((headers) => setSecurityHeaders(c, next, headers));
}

function setSecurityHeaders(c: Context<ApiEnv>, next: Next, list: SecurityHeaders) {
  if (isGatewayPath(c.req.path)) return overrideOnGateway(c, next, list);
  const outgoing = nodeResponseOf(c);
  if (!outgoing) return amendAnswer(c, next, list);
  for (const [name, value] of list) outgoing.setHeader(name, value);
  return next();
}

/** In process: on the context's headers, and on an answer built without them afterwards. */
async function amendAnswer(c: Context<ApiEnv>, next: Next, list: SecurityHeaders) {
  for (const [name, value] of list) c.header(name, value);
  await next();
  const sent = c.res.headers;
  if (sent.has(NO_STORE[0]) && sent.has('x-content-type-options')) return;
  for (const [name, value] of list) if (!sent.has(name)) sent.set(name, value);
}

/**
 * `/api/gateway/<module>/…` answers a module's bytes from our origin: whatever the answer says
 * (the gateway's allowlist already drops a module's security headers), ours replace its
 * values, but for a `Cache-Control` of its own, and then the gateway's policy
 * (`GATEWAY_SECURITY_HEADERS`: `default-src 'none'; sandbox; frame-ancestors 'none'`,
 * `nosniff`), on refusals before the gateway (the credential's) too.
 */
async function overrideOnGateway(c: Context<ApiEnv>, next: Next, list: SecurityHeaders) {
  await next();
  const sent = c.res.headers;
  for (const [name, value] of list) {
    if (name !== NO_STORE[0] || !sent.has(name)) sent.set(name, value);
  }
  for (const [name, value] of GATEWAY_SECURITY_HEADERS) sent.set(name, value);
}
