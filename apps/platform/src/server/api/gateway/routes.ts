import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { HTTP_METHODS, moduleKeySchema, type ErrorCode } from '@aiconnected/sdk-contracts';
import { clientAddress } from '../guard';
import { READ_ONLY_EXTENSION } from '../guard/clear-session-cache';
import { declareAccess } from '../http/access';
import { correlationHeaders } from '../http/correlation-header';
import { createRouter } from '../http/create-router';
import { errorResponses, GUARD_ERRORS } from '../http/error-responses';
import { gatewayCredential, type GatewayEnv } from './gateway-credential';
import { gatewayTarget } from './gateway-target';

/** What the gateway refuses with, in its enforcement order (docs/modules.md "Gateway"). */
const GATEWAY_ERRORS = [
  ...GUARD_ERRORS,
  'VALIDATION_BLOCKING',
  'MODULE_NOT_ENABLED',
  'NOT_FOUND',
  'PERMISSION_DENIED',
  'BILLING_SUSPENDED',
  'BILLING_REQUIRED',
  'MODULE_TARGET_UNHEALTHY',
  'PAYLOAD_TOO_LARGE',
] as const satisfies readonly ErrorCode[];

const DESCRIPTION =
  'Forwards the request to the module’s service (`runtime.target.baseUrl` of the version installed in the ' +
  'caller’s active workspace) at `{path}`, the rest of the URL after `/api/gateway/{module}` (any number of ' +
  'segments; `/api/gateway/{module}` alone forwards `/`), query kept, body streamed both ways (at most ' +
  '`GATEWAY_MAX_BODY_BYTES`, 100 MiB by default: `PAYLOAD_TOO_LARGE`). The caller: a session (cookie, with ' +
  'the origin check on writes, or Bearer session token), or a module UI token of this module ' +
  '(`Authorization: Bearer <JWT>` from `POST /modules/{key}/token`) whose session is still live in the same ' +
  'workspace. In this order, nothing forwarded on a refusal: `AUTH_REQUIRED` / `SESSION_INVALID` / ' +
  '`WORKSPACE_REQUIRED`; `MODULE_NOT_ENABLED` (`details.state`; a key the registry does not hold answers as a ' +
  'registered module never installed here, `not_installed`: the gateway answers with PRD §20.3’s gateway ' +
  'codes, it does not hide which keys exist, `GET /modules/available` lists them); `NOT_FOUND` ' +
  '(`details: { module_key, method, path }`) when no admin `apiRoutes` entry of the manifest matches method and ' +
  'path (or the path has a dot segment or an empty one but the last); `PERMISSION_DENIED` (`details.minimum_role`, `details.required_permission`, or `reason: "token_scope"` ' +
  'for a permission the module UI token does not carry, or no longer granted to UI tokens or held); for a paid module `BILLING_SUSPENDED` / ' +
  '`BILLING_REQUIRED`; `MODULE_TARGET_UNHEALTHY` 503 (`reason: "circuit_open"`, `retry_after_s`, `Retry-After`) ' +
  'while the target’s circuit breaker is open. `HEAD` is answered by the `GET` route (forwarded as `HEAD`); ' +
  'no CORS (no `OPTIONS` route: a module UI token is for the module’s own backend and server calls). The ' +
  'module receives its own headers minus hop-by-hop, `Connection`-named, `x-shell-*`, `x-forwarded-*`, ' +
  '`forwarded`, `x-real-ip`, `cookie`, `authorization`, `x-correlation-id` and the method/path overrides (`x-http-method-override`, ' +
  '`x-http-method`, `x-method-override`, `x-original-method`, `x-original-url`, `x-rewrite-url`) and any name with ' +
  '`_`, plus ' +
  '`x-shell-claims` (an ES256 JWT, 60 s, bound to method and path, verifiable with `/.well-known/jwks.json`), ' +
  '`x-shell-correlation-id` and the shell’s `x-forwarded-*`. Its status and body pass through unchanged (a ' +
  'module’s own errors included) with only these of its headers: `content-type`, `content-length`, ' +
  '`content-encoding`, `content-language`, `content-disposition`, `content-range`, `accept-ranges`, ' +
  '`cache-control`, `etag`, `last-modified`, `expires`, `vary`, `retry-after`, `www-authenticate`, `x-*` ' +
  '(not the shell’s, a proxy’s or security ones) and `location` when it points into the module (rewritten under ' +
  '`/api/gateway/{module}`; dropped otherwise). Every answer, forwarded or refused, carries the API’s security ' +
  "headers over the module’s and `Content-Security-Policy: default-src 'none'; sandbox; frame-ancestors " +
  "'none'`. An unreachable target is `MODULE_TARGET_UNHEALTHY` 502, no answer within the manifest’s " +
  '`timeoutMs` (30 s by default) 504. Every answer carries `Server-Timing: gateway;dur=…, target;dur=…`.';

/** `MODULE_TARGET_UNHEALTHY` as the gateway also answers it: 502 and 504 besides the 503. */
function targetFailure(description: string) {
  const [unhealthy] = Object.values(errorResponses(['MODULE_TARGET_UNHEALTHY']));
  if (!unhealthy) throw new Error('MODULE_TARGET_UNHEALTHY has no response');
  return { ...unhealthy, description };
}

/** The OpenAPI operation of `method` (the handler is registered apart: `{path}` spans segments). */
function gatewayOperation(method: (typeof HTTP_METHODS)[number]) {
  const name = method.charAt(0) + method.slice(1).toLowerCase();
  // The credential is `gatewayCredential` (a session, or a module UI token), not the guard.
  const { middleware: _guard, ...access } = declareAccess({
    kind: 'in-scope',
    note: 'Any member with an active workspace (or a module UI token of this module); the manifest route’s minimumRole and permissions decide the rest.',
  });
  return createRoute({
    method: method.toLowerCase() as Lowercase<typeof method>,
    path: '/gateway/{module}/{path}',
    operationId: `gatewayForward${name}`,
    ...access,
    [READ_ONLY_EXTENSION]: true,
    tags: ['gateway'],
    summary: `${method} a module API route through the gateway`,
    description: DESCRIPTION,
    request: {
      params: z.object({
        module: moduleKeySchema.meta({ description: 'The module key (its manifest id)' }),
        path: z.string().meta({
          description: 'The module route’s path, any number of segments (e.g. `notes/42`)',
        }),
      }),
    },
    responses: {
      200: {
        description: 'The module’s answer, passed through (any status, type and body it sends)',
        headers: correlationHeaders,
      },
      ...errorResponses(GATEWAY_ERRORS),
      502: targetFailure(
        '`MODULE_TARGET_UNHEALTHY` (`details.reason`: `unreachable`, `address_not_allowed`): the target could not be reached.',
      ),
      504: targetFailure(
        '`MODULE_TARGET_UNHEALTHY` (`details.reason: "timeout"`): no answer within the route’s `timeoutMs`.',
      ),
    },
  });
}

/**
 * `ALL /api/gateway/{module}/{path}` (PRD §22; docs/modules.md "Gateway"): the credential here
 * (step 1), then `deps.gateway.handle`, which enforces the rest and forwards. Not under the
 * API's 1 MiB body limit (create-api-root.ts): the gateway streams and counts bodies itself.
 * Never a write of the shell's own state, so it leaves the session cache alone.
 */
export function gatewayRoutes(): OpenAPIHono<GatewayEnv> {
  const app = createRouter<GatewayEnv>();
  for (const method of HTTP_METHODS) {
    app.openAPIRegistry.registerPath(gatewayOperation(method));
  }
  app.on(
    [...HTTP_METHODS],
    ['/gateway/:module', '/gateway/:module/*'],
    gatewayCredential(),
    (c) => {
      const { deps } = c.var;
      const url = new URL(c.req.url);
      const { moduleKey, modulePath } = gatewayTarget(url);
      return deps.gateway.handle({
        caller: {
          context: c.var.context,
          memberships: c.var.activeMemberships,
          tokenPermissions: c.var.tokenPermissions,
        },
        moduleKey,
        modulePath,
        method: c.req.method,
        headers: c.req.raw.headers,
        // A GET or HEAD has no body (the web Request would have none either); reading
        // `c.req.raw.body` would make @hono/node-server build the full web Request for nothing.
        body: c.req.method === 'GET' || c.req.method === 'HEAD' ? null : c.req.raw.body,
        correlationId: c.var.correlationId,
        clientAddress: clientAddress(c, deps.config.trustProxy) ?? 'unknown',
        publicHost: url.host,
        publicProto: deps.config.baseUrl.startsWith('https:') ? 'https' : 'http',
        logger: c.var.logger,
        // Cheap behind @hono/node-server (an AbortController aborted when the client goes, no web Request built).
        signal: c.req.raw.signal,
      });
    },
  );
  return app;
}
