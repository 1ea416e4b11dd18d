import type { ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { isShellError, ShellError, toShellError } from '@aiconnected/sdk-contracts';
import type { Logger } from '../../logger';
import type { ApiEnv } from '../context';
import { sendError } from './send-error';

/**
 * Hono's own 4xx exceptions come from request parsing before our validators run. Their
 * messages can quote parser internals, so each status gets a fixed, safe sentence instead.
 */
const PARSE_FAILURES: Record<number, string> = {
  400: 'The request body could not be parsed.',
  415: 'Unsupported content type: send application/json.',
};

/**
 * The API's `onError`: a ShellError becomes its envelope; a request-parsing failure becomes
 * VALIDATION_BLOCKING; anything else is logged with its stack and answered with the generic
 * INTERNAL_ERROR envelope, so no message, stack or property of it reaches the client.
 */
export const handleError: ErrorHandler<ApiEnv> = (error, c) =>
  sendError(c, answeredError(error, c.var.logger));

/** The ShellError `error` is answered with (`handleError`), logged as it says. */
export function answeredError(error: unknown, logger: Logger): ShellError {
  if (isShellError(error)) {
    // A 5xx ShellError is our fault (misconfigured module, dependency down): log it as one.
    if (error.status >= 500) logger.error({ err: error, code: error.code }, 'request failed');
    else logger.info({ code: error.code, reason: error.message }, 'request refused');
    return error;
  }
  if (error instanceof HTTPException) {
    const parseFailure = PARSE_FAILURES[error.status];
    if (parseFailure) {
      const issues = [{ path: 'body', message: parseFailure }];
      return new ShellError(
        'VALIDATION_BLOCKING',
        `request parsing failed (HTTP ${error.status})`,
        {
          details: { issues },
        },
      );
    }
  }
  logger.error({ err: error }, 'unhandled error');
  return toShellError(error);
}
