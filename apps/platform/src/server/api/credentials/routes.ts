import {
  getCredentialPolicy,
  listCredentialPolicyHistory,
  listResolutionDecisions,
  putCredentialPolicy,
  resolveCredentialForApi,
} from '@aiconnected/integrations';
import type { FeatureApp } from '../context';
import { createRouter } from '../http/create-router';
import { getPolicyRoute, policyHistoryRoute, putPolicyRoute } from './policy-routes';
import { listResolutionsRoute } from './resolution-routes';
import { resolveRoute } from './resolve-route';

/**
 * The credentials API (PRD §20.3 "credentials", §23.5, §28; design 13 §5): resolve, the policy
 * per (workspace, provider) with its history, and the resolution log. The literal
 * `/credentials/policies/history` is a path of its own (no parameter to shadow it).
 */
export function credentialRoutes(): FeatureApp {
  const app = createRouter();

  app.openapi(resolveRoute(), async (c) => {
    const body = c.req.valid('json');
    await c.var.deps.credentialResolveLimiter.consume(`user:${c.var.context.user_id}`);
    const resolution = await resolveCredentialForApi(c.var.deps.db, c.var.context, body, {
      correlationId: c.var.correlationId,
    });
    return c.json({ resolution, source_scope: resolution.resolved_scope }, 200);
  });

  app.openapi(getPolicyRoute(), async (c) => {
    const query = c.req.valid('query');
    return c.json(await getCredentialPolicy(c.var.deps.db, c.var.context, query), 200);
  });

  app.openapi(putPolicyRoute(), async (c) => {
    const body = c.req.valid('json');
    const policy = await putCredentialPolicy(c.var.deps.db, c.var.context, body, {
      correlationId: c.var.correlationId,
    });
    return c.json(policy, 200);
  });

  app.openapi(policyHistoryRoute(), async (c) => {
    const query = c.req.valid('query');
    return c.json(await listCredentialPolicyHistory(c.var.deps.db, c.var.context, query), 200);
  });

  app.openapi(listResolutionsRoute(), async (c) => {
    const query = c.req.valid('query');
    return c.json(await listResolutionDecisions(c.var.deps.db, c.var.context, query), 200);
  });

  return app;
}
