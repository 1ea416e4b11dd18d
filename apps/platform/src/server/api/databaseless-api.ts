import { OpenAPIHono } from '@hono/zod-openapi';
import { ShellError } from '@aiconnected/sdk-contracts';
import type { ApiApp, ApiBaseDeps, ApiEnv } from './context';
import { docsRoutes } from './docs/routes';
import { healthRoutes } from './health/routes';
import { createApiRoot } from './http/create-api-root';
import { routeApi } from './route-api';

/** Refuses everything else: the API's routes need the database. */
const UNAVAILABLE = new ShellError(
  'SERVICE_UNAVAILABLE',
  'no database configured (DATABASE_URL): only health and the API description are served',
);

/**
 * The API of a process without a database (no DATABASE_URL): health (`database: unavailable`),
 * the description of the whole API (`/openapi.json`, `/docs`), and `SERVICE_UNAVAILABLE` (503)
 * for every other path. Nothing here needs a database-backed service, so none is faked.
 */
export function createDatabaselessApi(deps: ApiBaseDeps): ApiApp {
  const withoutDatabase = { ...deps, db: null };
  // The whole API, built only to be described: it is never served.
  const described = routeApi(new OpenAPIHono<ApiEnv>().basePath('/api'), withoutDatabase);
  const app = createApiRoot(deps);
  app.route('/', healthRoutes(withoutDatabase));
  app.route('/', docsRoutes(described));
  app.all('*', () => {
    throw UNAVAILABLE;
  });
  return app;
}
