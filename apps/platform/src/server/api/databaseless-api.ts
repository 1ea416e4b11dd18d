import { OpenAPIHono } from '@hono/zod-openapi';
import { ShellError } from '@aiconnected/sdk-contracts';
import { JWKS_PATH } from '../api-target';
import type { ApiApp, ApiBaseDeps, ApiEnv } from './context';
import { docsRoutes } from './docs/routes';
import { healthRoutes } from './health/routes';
import { createApiRoot } from './http/create-api-root';
import { routeApi } from './route-api';

/** Refuses the API's other routes: they need the database. */
const UNAVAILABLE = new ShellError(
  'SERVICE_UNAVAILABLE',
  'no database configured (DATABASE_URL): only health and the API description are served',
);

/**
 * The API of a process without a database (no DATABASE_URL): health (`database: unavailable`),
 * the description of the whole API (`/openapi.json`, `/docs`), `SERVICE_UNAVAILABLE` (503) for
 * the API's other routes, and `NOT_FOUND` for a path or method no route serves, as the full API
 * answers it. Nothing here needs a database-backed service, so none is faked.
 */
export function createDatabaselessApi(deps: ApiBaseDeps): ApiApp {
  const withoutDatabase = { ...deps, db: null };
  // The whole API, built only to be described: it is never served.
  const described = routeApi(new OpenAPIHono<ApiEnv>().basePath('/api'), withoutDatabase);
  // The JWKS (the root app's one route) publishes the gateway's keys, which need the runtime.
  const app = createApiRoot(deps, {
    atRoot: (root) =>
      root.get(JWKS_PATH, () => {
        throw UNAVAILABLE;
      }),
  });
  app.route('/', healthRoutes(withoutDatabase));
  app.route('/', docsRoutes(described));
  const served = new Set(app.routes.map((route) => `${route.method} ${route.path}`));
  for (const { method, path } of described.routes) {
    // 'ALL' entries are middleware (`use`); the served ones (health, docs) answer for themselves.
    if (method === 'ALL' || served.has(`${method} ${path}`)) continue;
    served.add(`${method} ${path}`);
    // Both apps live under `/api`: `on` adds the base path again.
    app.on(method, path.slice('/api'.length), () => {
      throw UNAVAILABLE;
    });
  }
  return app;
}
