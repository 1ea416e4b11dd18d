import { OpenAPIHono, type Hook } from '@hono/zod-openapi';
import type { ApiEnv, FeatureEnv } from '../context';
import { recordWrites } from '../guard/clear-session-cache';
import { validationHook } from './validation-hook';

/**
 * A feature's routes: an OpenAPI sub-app that `createApi` mounts with `app.route()`, which
 * merges its routes and their OpenAPI definitions into the API. Each one validates with the
 * same hook, so a request failing its schema is VALIDATION_BLOCKING wherever it is declared;
 * errors and unknown paths are answered by the API's own handlers. Each handler records that
 * its request may have written (`recordWrites`: the session cache is then cleared before the
 * answer leaves, unless the handler refused), so only requests that reached a handler do. `ApiEnv` for the routes
 * that read no service (health, docs), `FeatureEnv` (the default) for the others.
 */
export function createRouter<E extends ApiEnv = FeatureEnv>(): OpenAPIHono<E> {
  // The hook reads only what every env has (`ApiEnv`'s correlation id); Hono's Context is
  // invariant in its env, so TypeScript cannot see that on its own.
  const defaultHook = validationHook as unknown as Hook<unknown, E, string, unknown>;
  const router = new OpenAPIHono<E>({ defaultHook });
  const register = router.openapi;
  const registerRecordingWrites: typeof register = (route, handler, hook) =>
    register(route, recordWrites(route, handler), hook);
  router.openapi = registerRecordingWrites;
  return router;
}
