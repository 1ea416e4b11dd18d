import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { deferChildLogger, type Logger } from '../../logger';
import type { ApiEnv } from '../context';
import { nodeResponseOf } from './node-response';

export const CORRELATION_HEADER = 'x-correlation-id';

/**
 * Gives every request a fresh correlation id (response header, log lines, error envelopes)
 * and writes one log line when it completes.
 *
 * A client-sent `x-correlation-id` is ignored on purpose: no caller is trusted yet, and an
 * id chosen by a client could be used to forge or confuse audit trails. The gateway will
 * accept ids from authenticated, trusted callers once those exist.
 */
export function requestContext(logger: Logger): MiddlewareHandler<ApiEnv> {
  return (c, next) => {
    const startedAt = performance.now();
    const correlationId = randomUUID();
    c.set('correlationId', correlationId);
    c.set('logger', deferChildLogger(logger, { correlation_id: correlationId }));
    // Behind a Node listener, on the Node response before the route runs: the answer's
    // headers are then not copied to amend them afterwards.
    const outgoing = nodeResponseOf(c);
    if (!outgoing) return completeInProcess(c, next, logger, startedAt);
    outgoing.setHeader(CORRELATION_HEADER, correlationId);
    // Nothing to do after the route unless the line is logged: `next()`'s promise is handed
    // on instead of awaited in a promise of this middleware's own (measurable on every answer).
    if (!logger.isLevelEnabled('info')) return next();
    return next().then(() => logCompletion(c, logger, startedAt));
  };
}

/** In process (`app.request()`): the header goes on the answer, then the line is logged. */
async function completeInProcess(
  c: Context<ApiEnv>,
  next: Next,
  logger: Logger,
  startedAt: number,
): Promise<void> {
  await next();
  c.res.headers.set(CORRELATION_HEADER, c.var.correlationId);
  if (logger.isLevelEnabled('info')) logCompletion(c, logger, startedAt);
}

function logCompletion(c: Context<ApiEnv>, logger: Logger, startedAt: number): void {
  logRequestCompletion(logger, {
    correlationId: c.var.correlationId,
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    startedAt,
  });
}

/** The one line every API request writes when it completes (`request completed`). */
export function logRequestCompletion(
  logger: Logger,
  request: {
    correlationId: string;
    method: string;
    path: string;
    status: number;
    startedAt: number;
  },
): void {
  logger.info(
    {
      correlation_id: request.correlationId,
      method: request.method,
      path: request.path,
      status: request.status,
      duration_ms: Math.round((performance.now() - request.startedAt) * 100) / 100,
    },
    'request completed',
  );
}
