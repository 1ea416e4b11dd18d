import type { MiddlewareHandler } from 'hono';
import type { ApiDeps, FeatureEnv } from '../context';

/** Hands the API's services to every request (`c.var.deps`): the guard and handlers read them. */
export function provideDeps(deps: ApiDeps): MiddlewareHandler<FeatureEnv> {
  // Not async: it has nothing to do after the route, so it hands on `next()`'s promise.
  return (c, next) => {
    c.set('deps', deps);
    return next();
  };
}
