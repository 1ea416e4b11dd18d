import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ShellError } from '@aiconnected/sdk-contracts';
import type { ApiEnv } from '../context';

/** The largest request body the API reads: 1 MiB, far above any JSON document it accepts. */
export const API_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Refuses a request body over `maxBytes` with `PAYLOAD_TOO_LARGE` (413) before anything
 * parses it: at once when `Content-Length` says so, else as soon as the streamed body
 * passes the limit (hono/body-limit), so a huge body is never read in full. The refusal says
 * `Connection: close`: the connection ends with it.
 */
export function limitBodySize(maxBytes = API_BODY_LIMIT_BYTES): MiddlewareHandler<ApiEnv> {
  const limit: MiddlewareHandler<ApiEnv> = bodyLimit({
    maxSize: maxBytes,
    onError: (c) => {
      // The rest of the body is not read: the connection cannot carry another request, and a
      // keep-alive client must be told so rather than find it closed under its next request.
      c.header('Connection', 'close');
      throw new ShellError('PAYLOAD_TOO_LARGE', `request body over ${maxBytes} bytes refused`, {
        details: { max_bytes: maxBytes },
      });
    },
  });
  return (c, next) => {
    const declaredLength = c.req.header('content-length');
    const chunked = c.req.header('transfer-encoding') !== undefined;
    // Without Content-Length and Transfer-Encoding a request has no body (RFC 9112 §6.3), e.g. a
    // browser's DELETE: nothing to limit, and hono's limiter would rebuild the Node server's
    // request around a body stream that is not there (a TypeError, answered 500).
    if (declaredLength === undefined && !chunked) return next();
    // A declared length is checked as hono's limiter checks it (GET and HEAD carry no body it
    // reads), without its first step, `c.req.raw.body`, which on the Node server builds a
    // whole web Request and body stream per request only to see that there is a body.
    if (declaredLength !== undefined && !chunked) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
      return parseInt(declaredLength || '0', 10) > maxBytes ? limit(c, next) : next();
    }
    return limit(c, next);
  };
}

/** `PUT /api/branding/assets/{id}/upload`: limited by its route, per asset type, not here. */
export function isSignedAssetUpload(method: string, path: string): boolean {
  return method === 'PUT' && /^\/api\/branding\/assets\/[^/]+\/upload$/.test(path);
}

/** `/api/gateway/{module}[/...]`: streamed to the module, counted by the gateway itself. */
export function isGatewayPath(path: string): boolean {
  return /^\/api\/gateway\/[^/]+(?:\/|$)/.test(path);
}
