import { createRoute } from '@hono/zod-openapi';
import { healthSchema } from '@aiconnected/sdk-contracts';
import { DEFAULT_PROBE_TIMEOUT_MS, probeDatabase } from '../../health/probe-database';
import type { Db } from '@aiconnected/db';
import type { ApiApp, ApiBaseDeps, ApiEnv } from '../context';
import { declareAccess } from '../http/access';
import { createRouter } from '../http/create-router';
import { errorResponses } from '../http/error-responses';
import { jsonResponse } from '../http/json-schemas';

const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  operationId: 'getHealth',
  ...declareAccess({ kind: 'public' }),
  tags: ['platform'],
  summary: 'Platform health',
  description:
    'Liveness and readiness of the platform: 200 when the database answers within a short timeout and has ' +
    'migrations applied, 503 otherwise. Needs no session.',
  responses: {
    200: jsonResponse(healthSchema, 'Healthy', {
      status: 'ok',
      database: 'ok',
      schema_version: 16,
    }),
    503: jsonResponse(
      healthSchema,
      'Degraded: the database is unreachable, too slow, or not migrated',
      { status: 'degraded', database: 'unavailable', schema_version: null },
    ),
    ...errorResponses([]),
  },
});

/**
 * `GET /health`: the database probe as a load balancer or an operator reads it; `db` is null in
 * the databaseless API (no DATABASE_URL), which health reports as `database: unavailable`.
 */
export function healthRoutes(deps: ApiBaseDeps & { db: Db | null }): ApiApp {
  const app = createRouter<ApiEnv>();

  app.openapi(healthRoute, async (c) => {
    const probe = await probeDatabase(
      deps.db,
      deps.healthProbeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
    );
    if (probe.failure) {
      c.var.logger.warn({ err: probe.failure }, 'health: database unavailable');
    }
    const body = { database: probe.database, schema_version: probe.schema_version };
    if (probe.database === 'ok' && probe.schema_version !== null) {
      return c.json({ status: 'ok' as const, ...body }, 200);
    }
    return c.json({ status: 'degraded' as const, ...body }, 503);
  });

  return app;
}
