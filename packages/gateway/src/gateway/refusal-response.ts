import type { ShellError } from '@aiconnected/sdk-contracts';
import { GATEWAY_SECURITY_HEADERS } from '../headers/forward-response-headers';

/**
 * A refusal as the client gets it: the error envelope with the request's correlation id and
 * the error's status, `GATEWAY_SECURITY_HEADERS`, `Server-Timing` (the gateway's part only) and, for an open circuit,
 * `Retry-After`.
 */
export function refusalResponse(
  error: ShellError,
  correlationId: string,
  gatewayMs: number,
): Response {
  const headers = new Headers({
    'content-type': 'application/json',
    'server-timing': `gateway;dur=${gatewayMs}`,
  });
  for (const [name, value] of GATEWAY_SECURITY_HEADERS) headers.set(name, value);
  const retryAfter = error.details.retry_after_s;
  if (typeof retryAfter === 'number') headers.set('retry-after', String(retryAfter));
  return new Response(JSON.stringify(error.toEnvelope(correlationId)), {
    status: error.status,
    headers,
  });
}
