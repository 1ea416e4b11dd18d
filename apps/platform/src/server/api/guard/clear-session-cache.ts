import type { Context, MiddlewareHandler } from 'hono';
import type { SessionCache } from '@aiconnected/identity';

/**
 * The route config extension of a non-GET route that changes nothing (e.g. `POST
 * /auth/links/inspect`, a POST only to keep its token out of URLs): its requests leave the
 * session cache alone.
 */
export const READ_ONLY_EXTENSION = 'x-shell-read-only';

/**
 * The route config extension of a route that writes, but nothing the session cache or the
 * module snapshot cache holds (e.g. `POST /events`: the event log and its deliveries): its
 * requests leave the caches alone too. Such a route is on a hot path (a module emits many
 * times a second), where emptying both caches on each request cost CPU (lru-cache's `clear`
 * resets every slot) and would keep them empty for everyone else.
 */
export const KEEPS_SESSION_CACHE_EXTENSION = 'x-shell-keeps-session-cache';

/** What `recordWrites` reads of a route's declaration. */
export interface RouteWriteDeclaration {
  method: string;
  [READ_ONLY_EXTENSION]?: true;
  [KEEPS_SESSION_CACHE_EXTENSION]?: true;
}

/** The methods that change nothing (every route of these only reads). */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Requests (their one Context) whose route handler, of a route that may write, started. */
const mayHaveWritten = new WeakSet<Context>();

/**
 * `handler` of `route`, recording that its request may have written when it starts (so after
 * the guard and the request's validation passed), unless the route only reads or writes
 * nothing the caches hold. Applied to every route by `createRouter`.
 */
export function recordWrites<H extends (...args: never[]) => unknown>(
  route: RouteWriteDeclaration,
  handler: H,
): H {
  if (
    READ_METHODS.has(route.method.toUpperCase()) ||
    route[READ_ONLY_EXTENSION] ||
    route[KEEPS_SESSION_CACHE_EXTENSION]
  ) {
    return handler;
  }
  // Whatever the route's env, a handler's first argument is the request's Context.
  const run = handler as unknown as (c: Context, ...rest: unknown[]) => unknown;
  const recorded = (c: Context, ...rest: unknown[]) => {
    mayHaveWritten.add(c);
    return run(c, ...rest);
  };
  return recorded as unknown as H;
}

/**
 * Whether a request whose handler ran may have committed a change: a success, or a server
 * error. A refusal (4xx) did not: every domain function checks, writes and audits in one
 * transaction, so a refusal rolls everything back (and a limiter's `rate_limits` row, written
 * by a refused sign-in, reset or link, is nothing `shell.resolve_session` reads). A 5xx is the
 * one way a handler fails after a commit (e.g. a limiter's reset, a read answering a sign-in
 * or an invitation accepted, a switch whose roles are unknown): no input can cause one.
 */
function mayHaveCommitted(status: number): boolean {
  return status < 400 || status >= 500;
}

/**
 * Empties this process's session cache after every request whose handler may have written
 * and did not refuse, once the handler (and error handler) ran and before its answer is sent
 * (docs/identity.md "Session cache"). Other processes learn of the change from Postgres's
 * notification; this one must not wait for it: the next request after a suspension,
 * revocation, membership, override, workspace status, switch or impersonation change, by
 * the same client or another, asks Postgres again. A request refused before its handler (not
 * found, too large, unauthenticated, invalid) or by it (a failed sign-in, a rate limit, a
 * missing capability) keeps the cache, so refused requests cannot keep it empty. Should a
 * refusal ever follow a commit, the commit's notification still empties every process's
 * cache, this one's included, within milliseconds. `alsoCleared` (the module snapshot cache)
 * are emptied alike: a module enabled here shows in this process's next page at once.
 */
export function clearSessionCacheAfterWrites(
  cache: SessionCache,
  ...alsoCleared: (Pick<SessionCache, 'clear'> | undefined)[]
): MiddlewareHandler {
  return async (c, next) => {
    // An error escaping the API's error handler counts as a server error.
    let status = 500;
    try {
      await next();
      status = c.res.status;
    } finally {
      if (mayHaveWritten.has(c) && mayHaveCommitted(status)) {
        cache.clear();
        for (const other of alsoCleared) other?.clear();
      }
    }
  };
}
