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
 * through a one-use URL, which a slow link must not spend for nothing): those get the same
 * deadline on idle time instead (`limitBodyIdle`, `watchBodyIdle`), within the server's 300 s.
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
  return raceBody(timeoutMs, (incoming, expire) => {
    const timer = setTimeout(() => {
      if (!incoming.complete) expire();
    }, timeoutMs);
    return () => clearTimeout(timer);
  });
}

/**
 * `limitBodyTime`'s idle form, for a signed branding upload: the 408 (the same answer) only
 * when no byte of an incomplete body has arrived for `timeoutMs` (`watchBodyIdle`), so a slow
 * upload that keeps progressing completes whatever its total time, and a stalled one is
 * released. The module gateway answers on the Node request and uses `watchBodyIdle` itself
 * (gateway-listener.ts).
 */
export function limitBodyIdle(timeoutMs = API_BODY_TIMEOUT_MS): MiddlewareHandler<ApiEnv> {
  return raceBody(timeoutMs, (incoming, expire) => watchBodyIdle(incoming, timeoutMs, expire));
}

/** Races the route against `watch`'s expiry while the body is incomplete; expired: the 408. */
function raceBody(
  timeoutMs: number,
  watch: (incoming: IncomingMessage, expire: () => void) => () => void,
): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
    if (incoming === undefined || incoming.complete || !hasBody(incoming)) return next();
    let stop: (() => void) | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      stop = watch(incoming, () => resolve('expired'));
    });
    try {
      const first = await Promise.race([next(), expired]);
      if (first !== 'expired') return;
    } finally {
      stop?.();
    }
    c.header('Connection', 'close');
    throw bodyTimeoutError(timeoutMs);
  };
}

/**
 * The deadline's refusal, one for every path that has it (the API's middleware here, the
 * gateway's Node listener): 408 `VALIDATION_BLOCKING` with `details.reason: request_timeout`
 * and `timeout_ms`. Whoever answers it adds `Connection: close`.
 */
export function bodyTimeoutError(timeoutMs: number): ShellError {
  return new ShellError('VALIDATION_BLOCKING', `request body not complete after ${timeoutMs} ms`, {
    status: 408,
    details: { reason: 'request_timeout', timeout_ms: timeoutMs },
  });
}

/**
 * Calls `onIdle` once if `request`'s body is incomplete and no byte of it has arrived on the
 * socket for `timeoutMs` (counted from now, then from each arrival: the socket's `bytesRead`,
 * checked every quarter of `timeoutMs`, so it fires between 1 and 1.25 x `timeoutMs` after the
 * last byte). Stops by itself once the body is complete or the request closes; the returned
 * function stops it earlier. A request without a body, or whose body has arrived, is not
 * watched. While nobody reads the body for long (a module that does not read it), Node stops
 * reading the socket once its buffer is full, and that counts as a stall too.
 */
export function watchBodyIdle(
  request: IncomingMessage,
  timeoutMs: number,
  onIdle: () => void,
): () => void {
  if (request.complete || !hasBody(request)) return () => undefined;
  const { socket } = request;
  const step = Math.max(1, Math.floor(timeoutMs / 4));
  let seen = socket.bytesRead;
  let lastArrival = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const stop = () => {
    clearTimeout(timer);
    timer = undefined;
    request.off('end', stop).off('close', stop);
  };
  const check = () => {
    if (request.complete) return stop();
    const read = socket.bytesRead;
    if (read !== seen) {
      seen = read;
      lastArrival = performance.now();
    }
    const idle = performance.now() - lastArrival;
    if (idle >= timeoutMs) {
      stop();
      onIdle();
      return;
    }
    timer = setTimeout(check, Math.min(step, Math.ceil(timeoutMs - idle)));
  };
  request.once('end', stop).once('close', stop);
  timer = setTimeout(check, step);
  return stop;
}

/** Whether the request has a body (RFC 9112 §6.3): a non-zero length, or chunked. */
function hasBody(incoming: IncomingMessage): boolean {
  const length = incoming.headers['content-length'];
  if (incoming.headers['transfer-encoding'] !== undefined) return true;
  return length !== undefined && length !== '0';
}
