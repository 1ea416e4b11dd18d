import type { IncomingMessage } from 'node:http';
import type { HttpBindings } from '@hono/node-server';
import type { MiddlewareHandler } from 'hono';
import type { ApiEnv } from '../context';

/**
 * Whether an answer written now must end the connection (`Connection: close`): the request's
 * body has not fully arrived and something has started reading it (a route, the body limit,
 * the gateway handing it to a module). Node drains the rest of a body nobody read once the
 * answer is sent, so the connection carries the client's next request; a body that was read
 * from is not drained: its rest stays unread on the socket (the next request never answered)
 * or its reader gave up and destroyed the socket. Saying `close` lets a keep-alive client open
 * a new connection instead of sending its next request on one that is dead.
 */
export function bodyLeftUnfinished(request: IncomingMessage): boolean {
  if (request.complete) return false;
  return request.readableDidRead || request.readableFlowing !== null || request.destroyed;
}

/**
 * The API's answer says `Connection: close` when it leaves a body unfinished that was read
 * from (`bodyLeftUnfinished`): a route's refusal after reading part of the body (a signed
 * branding upload over its declared size), the body limit's 413. A refusal sent before anything
 * read the body keeps the connection (Node drains the rest). Only on the Node listener.
 */
export function closeOnUnfinishedBody(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    await next();
    const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
    if (incoming !== undefined && bodyLeftUnfinished(incoming)) c.header('Connection', 'close');
  };
}
