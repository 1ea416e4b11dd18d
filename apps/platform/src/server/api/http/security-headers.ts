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
  let lists: Lists | undefined;
  const read = readSecurityHeaders(options.https).then(
    (api) => (lists = { api, gateway: withGatewayPolicy(api) }),
  );
  // Not async once they are read: behind the Node listener the request then passes without
  // a promise of this middleware's own (measurable on every answer).
  return (c, next) =>
    lists
      ? setSecurityHeaders(c, next, lists)
      : read.then((read) => setSecurityHeaders(c, next, read));
}

/** The API's headers, and a gateway answer's behind a Node listener (`withGatewayPolicy`). */
interface Lists {
  api: SecurityHeaders;
  gateway: SecurityHeaders;
}

function setSecurityHeaders(c: Context<ApiEnv>, next: Next, lists: Lists) {
  const gateway = isGatewayPath(c.req.path);
  const outgoing = nodeResponseOf(c);
  if (!outgoing) {
    return gateway ? overrideOnGateway(c, next, lists.api) : amendAnswer(c, next, lists.api);
  }
  for (const [name, value] of gateway ? lists.gateway : lists.api) outgoing.setHeader(name, value);
  return next();
}

/**
 * The headers of a gateway answer behind a Node listener, set before the answer is built: the
 * API's, then `GATEWAY_SECURITY_HEADERS` over them. The answer's own headers then apply over
 * these; a module's answer carries none of them but its `Cache-Control` (kept, as in process)
 * and the gateway's policy (the same values), so the result is `overrideOnGateway`'s.
 */
function withGatewayPolicy(api: SecurityHeaders): SecurityHeaders {
  const gateway = new Map(api);
  for (const [name, value] of GATEWAY_SECURITY_HEADERS) gateway.set(name, value);
  return [...gateway];
}

/** The API's headers as a list, for an answer written without Hono (web-server's client errors). */
export function apiSecurityHeaders(options: { https: boolean }): Promise<SecurityHeaders> {
  return readSecurityHeaders(options.https);
}

/** What a gateway answer gets behind the platform's Node listener (`withGatewayPolicy`). */
export async function gatewaySecurityHeaders(options: {
  https: boolean;
}): Promise<SecurityHeaders> {
  return withGatewayPolicy(await readSecurityHeaders(options.https));
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
