import { ServerResponse } from 'node:http';
import type { Context } from 'hono';

/**
 * The Node response a request is answered on when the API runs behind a Node listener
 * (@hono/node-server passes it as `c.env.outgoing`); undefined in process (`app.request()`).
 * Headers set on it go out with whatever answer the route builds, and a header of the same
 * name in that answer replaces them (`writeHead` applies the answer's headers over them).
 */
export function nodeResponseOf(c: Context): ServerResponse | undefined {
  const env: unknown = c.env;
  if (typeof env !== 'object' || env === null || !('outgoing' in env)) return undefined;
  return env.outgoing instanceof ServerResponse ? env.outgoing : undefined;
}
