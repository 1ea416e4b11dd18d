import type { MiddlewareHandler } from 'hono';
import type { SessionCache } from '@aiconnected/identity';

/** The methods that change nothing (every route of these only reads). */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Empties this process's session cache after every request that may have written, once its
 * handler (and error handler) ran and before its answer is sent, whatever the outcome
 * (docs/identity.md "Session cache"). Other processes learn of the change from Postgres's
 * notification; this one must not wait for it: the next request after a suspension,
 * revocation, membership, override, workspace status, switch or impersonation change, by
 * the same client or another, asks Postgres again.
 */
export function clearSessionCacheAfterWrites(cache: SessionCache): MiddlewareHandler {
  return async (c, next) => {
    try {
      await next();
    } finally {
      if (!READ_METHODS.has(c.req.method)) cache.clear();
    }
  };
}
