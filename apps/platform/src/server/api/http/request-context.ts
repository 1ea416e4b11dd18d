import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
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
  return async (c, next) => {
    const startedAt = performance.now();
    const correlationId = randomUUID();
    c.set('correlationId', correlationId);
    c.set('logger', deferChildLogger(logger, { correlation_id: correlationId }));
    // Behind a Node listener, on the Node response before the route runs: the answer's
    // headers are then not copied to amend them afterwards.
    const outgoing = nodeResponseOf(c);
    outgoing?.setHeader(CORRELATION_HEADER, correlationId);

    await next();

    if (!outgoing) c.res.headers.set(CORRELATION_HEADER, correlationId);
    if (!logger.isLevelEnabled('info')) return;
    logger.info(
      {
        correlation_id: correlationId,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        duration_ms: Math.round((performance.now() - startedAt) * 100) / 100,
      },
      'request completed',
    );
  };
}
