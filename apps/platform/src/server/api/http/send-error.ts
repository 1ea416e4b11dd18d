import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ShellError } from '@aiconnected/sdk-contracts';
import type { ApiEnv } from '../context';

/**
 * Responds with the error's envelope and the status `ERROR_STATUS` assigns to its code. A
 * wait in `details.retry_after_seconds` (RATE_LIMITED) is also sent as `Retry-After`.
 */
export function sendError(c: Context<ApiEnv>, error: ShellError): Response {
  const retryAfter = error.details.retry_after_seconds;
  if (typeof retryAfter === 'number') c.header('Retry-After', String(retryAfter));
  return c.json(error.toEnvelope(c.get('correlationId')), error.status as ContentfulStatusCode);
}
