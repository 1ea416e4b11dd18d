import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../../logger';
import type { ApiEnv } from '../context';

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
    c.set('logger', logger.child({ correlation_id: correlationId }));

    await next();

    c.res.headers.set(CORRELATION_HEADER, correlationId);
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
