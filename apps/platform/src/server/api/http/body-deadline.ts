import type { IncomingMessage } from 'node:http';
import type { HttpBindings } from '@hono/node-server';
import type { MiddlewareHandler } from 'hono';
import { ShellError } from '@aiconnected/sdk-contracts';
import type { ApiEnv } from '../context';

/** `API_BODY_TIMEOUT_MS`'s default: a request has 30 s from its headers to send its body. */
export const API_BODY_TIMEOUT_MS = 30_000;

/**
 * Gives a request's body `timeoutMs` from when the API receives the request (its headers): a
 * body still incomplete then (a `Content-Length` longer than what is sent, chunked without the
 * last chunk, or a trickle) is answered 408 `VALIDATION_BLOCKING` (`details.reason:
 * request_timeout`, as the web server's own 408) with `Connection: close`, so the connection is released, instead of being held
 * until the web server's whole-request bound (300 s). `createApiRoot` does not install it on the
 * module gateway (streamed bodies up to 100 MiB) nor on a signed branding upload (up to 5 MiB
 * through a one-use URL, which a slow link must not spend for nothing): those keep the 300 s.
 * The route's work is not waited for: it was waiting for that body, and its read fails once
 * the connection closes. A request without a body, one whose body has arrived when the
 * deadline passes (a slow handler), and one not served by the Node listener (tests'
 * `app.request`) are not affected.
 *
 * The deadline only races an incomplete body against the route; it never reads the body
 * itself. A route that reads no body (or a path no route serves) answers as soon as it is done
 * and is not cut: the rest of a stalled body then holds the connection until the web server's
 * 300 s whole-request bound (Node answers 408 and closes it). Such a route still slower than
 * the deadline while the body is incomplete gets the 408 here, and its work, not cancelled,
 * runs on to its end.
 */
export function limitBodyTime(timeoutMs = API_BODY_TIMEOUT_MS): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
    if (incoming === undefined || incoming.complete || !hasBody(incoming)) return next();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => {
        if (!incoming.complete) resolve('expired');
      }, timeoutMs);
    });
    try {
      const first = await Promise.race([next(), expired]);
      if (first !== 'expired') return;
    } finally {
      clearTimeout(timer);
    }
    c.header('Connection', 'close');
    throw new ShellError('VALIDATION_BLOCKING', `request body not complete after ${timeoutMs} ms`, {
      status: 408,
      details: { reason: 'request_timeout', timeout_ms: timeoutMs },
    });
  };
}

/** Whether the request has a body (RFC 9112 §6.3): a non-zero length, or chunked. */
function hasBody(incoming: IncomingMessage): boolean {
  const length = incoming.headers['content-length'];
  if (incoming.headers['transfer-encoding'] !== undefined) return true;
  return length !== undefined && length !== '0';
}
