import {
  listDeadLetters,
  listSubscriptions,
  replayDeliveries,
  resumeEndpoint,
  retryDelivery,
  skipDelivery,
} from '@aiconnected/events';
import type { FeatureApp } from '../context';
import { createRouter } from '../http/create-router';
import {
  deadLetterRoute,
  replayRoute,
  resumeRoute,
  retryRoute,
  skipRoute,
  subscriptionsRoute,
} from './operation-routes';

/**
 * The event bus API (PRD §20.3, §21; docs/events.md "API"): emit, the events monitor, the dead
 * letter, replay and subscriptions. The literal `/events/dead-letter` and
 * `/events/subscriptions` are registered before `/events/{event_id}` (an event id is a uuid).
 */
export function eventRoutes(): FeatureApp {
  const app = createRouter();

  app.openapi(deadLetterRoute(), async (c) => {
    const query = c.req.valid('query');
    const page = await listDeadLetters(c.var.deps.db, c.var.context, {
      workspaceId: query.workspace_id,
      moduleKey: query.module_key,
      cursor: query.cursor,
      limit: query.limit,
    });
    return c.json(page, 200);
  });

  app.openapi(subscriptionsRoute(), async (c) => {
    const { workspace_id: workspaceId } = c.req.valid('query');
    return c.json(await listSubscriptions(c.var.deps.db, c.var.context, { workspaceId }), 200);
  });

  app.openapi(retryRoute(), async (c) => {
    const { delivery_id: deliveryId } = c.req.valid('param');
    const { workspace_id: workspaceId } = c.req.valid('json');
    const view = await retryDelivery(c.var.deps.db, c.var.context, {
      workspaceId,
      deliveryId,
      correlationId: c.var.correlationId,
    });
    return c.json(view, 200);
  });

  app.openapi(skipRoute(), async (c) => {
    const { delivery_id: deliveryId } = c.req.valid('param');
    const { workspace_id: workspaceId } = c.req.valid('json');
    const view = await skipDelivery(c.var.deps.db, c.var.context, {
      workspaceId,
      deliveryId,
      correlationId: c.var.correlationId,
    });
    return c.json(view, 200);
  });

  app.openapi(replayRoute(), async (c) => {
    const body = c.req.valid('json');
    const result = await replayDeliveries(c.var.deps.db, c.var.context, {
      workspaceId: body.workspace_id,
      moduleKey: body.module_key,
      stream: body.stream,
      from: body.from,
      to: body.to,
      correlationId: c.var.correlationId,
    });
    return c.json(result, 200);
  });

  app.openapi(resumeRoute(), async (c) => {
    const { module_key: moduleKey } = c.req.valid('param');
    const { workspace_id: workspaceId } = c.req.valid('json');
    const view = await resumeEndpoint(c.var.deps.db, c.var.context, {
      workspaceId,
      moduleKey,
      correlationId: c.var.correlationId,
    });
    return c.json(view, 200);
  });

  return app;
}
