import {
  emitEvent,
  emitEvents,
  listDeadLetters,
  listEvents,
  listEventsInputOf,
  listSubscriptions,
  readEvent,
  replayDeliveries,
  resumeEndpoint,
  retryDelivery,
  skipDelivery,
  StaleModuleKeyError,
  type EmitBatchInput,
  type EmitEventInput,
  type EmitEventResult,
  type EventProducer,
  type InstallationPrincipal,
} from '@aiconnected/events';
import type { AuthRateLimiter, CountedPoints } from '@aiconnected/identity';
import type { Context } from 'hono';
import type { FeatureApp } from '../context';
import { createRouter } from '../http/create-router';
import { sentJson } from '../http/sent-json';
import { emitBatchRoute } from './batch-route';
import { emitRoute } from './emit-route';
import { producerOf, type ModuleKeyCheck } from './event-credential';
import { registerModuleApiKeyScheme } from './module-api-key';
import {
  deadLetterRoute,
  replayRoute,
  resumeRoute,
  retryRoute,
  skipRoute,
  subscriptionsRoute,
} from './operation-routes';
import { listRoute, readRoute } from './query-routes';

/** The rate limit key of a producer: per installation for a module, per person otherwise. */
function emitLimitKey(producer: EventProducer): string {
  if (producer.kind === 'module') return `installation:${producer.installation.installationId}`;
  if (producer.kind === 'user') return `user:${producer.actor.user_id}`;
  return 'shell';
}

/** The workspace an emit names by default: the module's installation's, a person's active one. */
function defaultWorkspace(producer: EventProducer): string {
  if (producer.kind === 'module') return producer.installation.workspaceId;
  if (producer.kind === 'user') return producer.actor.workspace_id;
  throw new Error('the shell emits in its own transactions, never through POST /events');
}

/** An emit's answer (`EmitEventResponse`). */
function emitAnswer(result: EmitEventResult) {
  return {
    event_id: result.eventId,
    delivery_state: result.deliveryState,
    sequence: result.sequence,
    duplicate: result.duplicate,
  };
}

/**
 * The payloads of an emit's body as the client sent them (`sentJson`, the body the validator
 * read): zod's parse drops every `__proto__` key, which would store and check an event without
 * them, silently. The validated body's shape holds for it, and what zod skipped was walked by
 * the payload schema's NUL/surrogate/depth check.
 */
async function sentPayloads(c: Context, count: number): Promise<unknown[]> {
  const body = (await sentJson(c)) as { payload?: unknown; events?: { payload?: unknown }[] };
  const payloads = body.events ? body.events.map((event) => event.payload) : [body.payload];
  if (payloads.length !== count) throw new Error('the body sent differs from the parsed one');
  return payloads;
}

/**
 * A module's emit with a predicted principal (`emitCredential({ predict: true })`; docs/events.md
 * "Installation credentials"): the same rate limit (`points`: 1, or the events of a batch) and
 * checks as any emit, on the predicted installation and version, then one statement that
 * verifies the key and stores the event or batch (`emit` with `predictedKey`: `emitEvent`'s or
 * `emitEvents`'). When the prediction no longer holds (`StaleModuleKeyError`, nothing stored) or
 * the request is refused before that statement, the key is authenticated the full way
 * (`check.confirm`): a refused key gets today's refusal, its emit points given back (today a
 * refused key never reaches the emit limiter); a key that authenticates as another version (an
 * upgrade) is checked and stored again with it, as today's path would; the same principal keeps
 * the refusal it got (the same checks on the same inputs). The installation, hence the
 * limiter's key, is the same whatever the key authenticates as.
 */
async function emitPredicted<T>(
  limiter: AuthRateLimiter,
  check: ModuleKeyCheck,
  points: number,
  emit: (producer: EventProducer, predictedKey?: ModuleKeyCheck) => Promise<T>,
): Promise<T> {
  const limitKey = emitLimitKey({ kind: 'module', installation: check.predicted });
  let counted: CountedPoints | undefined;
  const confirm = async (): Promise<InstallationPrincipal> => {
    try {
      return await check.confirm();
    } catch (refusal) {
      await counted?.refund();
      throw refusal;
    }
  };
  try {
    counted = await limiter.consume(limitKey, points);
  } catch (error) {
    // Over the limit: a refused key gets its own refusal; nothing to give back, the window's
    // budget was spent already.
    await confirm();
    throw error;
  }
  try {
    return await emit({ kind: 'module', installation: check.predicted }, check);
  } catch (error) {
    // Stored, or refused by the database after the key was verified (CONFLICT): as it is.
    if (check.verified) throw error;
    const installation = await confirm();
    if (
      !(error instanceof StaleModuleKeyError) &&
      installation.moduleVersion === check.predicted.moduleVersion
    ) {
      throw error;
    }
    return emit({ kind: 'module', installation });
  }
}

/**
 * The event bus API (PRD §20.3, §21; docs/events.md "API"): emit, the events monitor, the dead
 * letter, replay and subscriptions. The literal `/events/dead-letter` and
 * `/events/subscriptions` are registered before `/events/{event_id}` (an event id is a uuid).
 */
export function eventRoutes(): FeatureApp {
  const app = createRouter();
  registerModuleApiKeyScheme(app);

  app.openapi(emitRoute(), async (c) => {
    const body = c.req.valid('json');
    const [payload] = await sentPayloads(c, 1);
    const inputOf = (producer: EventProducer): EmitEventInput => ({
      producer,
      workspaceId: body.workspace_id ?? defaultWorkspace(producer),
      eventName: body.event_name,
      payload,
      idempotencyKey: body.idempotency_key,
      correlationId: body.correlation_id ?? c.var.correlationId,
      stream: body.stream,
    });
    const producer = producerOf(c);
    const check = c.var.moduleKeyCheck;
    const limiter = c.var.deps.eventEmitLimiter;
    let result: EmitEventResult;
    if (check === undefined || check.verified) {
      await limiter.consume(emitLimitKey(producer));
      result = await emitEvent(c.var.deps.db, inputOf(producer));
    } else {
      result = await emitPredicted(limiter, check, 1, (predicted, predictedKey) =>
        emitEvent(c.var.deps.db, inputOf(predicted), { predictedKey }),
      );
    }
    const answer = emitAnswer(result);
    return result.duplicate ? c.json(answer, 200) : c.json(answer, 201);
  });

  app.openapi(emitBatchRoute(), async (c) => {
    const body = c.req.valid('json');
    const payloads = await sentPayloads(c, body.events.length);
    const inputsOf = (producer: EventProducer): EmitBatchInput[] => {
      const workspaceId = body.workspace_id ?? defaultWorkspace(producer);
      return body.events.map((event, index) => ({
        workspaceId,
        eventName: event.event_name,
        payload: payloads[index],
        idempotencyKey: event.idempotency_key,
        correlationId: event.correlation_id ?? c.var.correlationId,
        stream: event.stream,
      }));
    };
    const producer = producerOf(c);
    const check = c.var.moduleKeyCheck;
    const limiter = c.var.deps.eventEmitLimiter;
    // Each event of the batch counts against the producer's budget.
    const points = body.events.length;
    let results: EmitEventResult[];
    if (check === undefined || check.verified) {
      await limiter.consume(emitLimitKey(producer), points);
      results = await emitEvents(c.var.deps.db, producer, inputsOf(producer));
    } else {
      results = await emitPredicted(limiter, check, points, (predicted, predictedKey) =>
        emitEvents(c.var.deps.db, predicted, inputsOf(predicted), { predictedKey }),
      );
    }
    const answer = { items: results.map(emitAnswer) };
    return results.every((result) => result.duplicate) ? c.json(answer, 200) : c.json(answer, 201);
  });

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

  // After the literal /events/dead-letter and /events/subscriptions.
  app.openapi(listRoute(), async (c) => {
    const query = listEventsInputOf(c.req.valid('query'));
    return c.json(await listEvents(c.var.deps.db, c.var.context, query), 200);
  });

  app.openapi(readRoute(), async (c) => {
    const { event_id: eventId } = c.req.valid('param');
    const { workspace_id: workspaceId } = c.req.valid('query');
    const event = await readEvent(c.var.deps.db, c.var.context, { workspaceId, eventId });
    return c.json(event, 200);
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
    const { workspace_id: workspaceId, redeliver_skipped: redeliverSkipped } = c.req.valid('json');
    const view = await resumeEndpoint(c.var.deps.db, c.var.context, {
      workspaceId,
      moduleKey,
      redeliverSkipped,
      correlationId: c.var.correlationId,
    });
    return c.json(view, 200);
  });

  return app;
}
