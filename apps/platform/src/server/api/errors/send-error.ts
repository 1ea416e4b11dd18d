import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ShellError } from '@aiconnected/sdk-contracts';
import type { ApiEnv } from '../context';

/** Responds with the error's envelope and the status `ERROR_STATUS` assigns to its code. */
export function sendError(c: Context<ApiEnv>, error: ShellError): Response {
  return c.json(error.toEnvelope(c.var.correlationId), error.status as ContentfulStatusCode);
}
