import type { ShellError } from '@aiconnected/sdk-contracts';
import { GATEWAY_SECURITY_HEADERS, type AnswerHeaders } from '../headers/forward-response-headers';
import type { GatewayAnswer } from './gateway-answer';

/**
 * A refusal as the client gets it: the error envelope with the request's correlation id and
 * the error's status, `GATEWAY_SECURITY_HEADERS`, `Server-Timing` (the gateway's part only) and, for an open circuit,
 * `Retry-After`.
 */
export function refusalAnswer(
  error: ShellError,
  correlationId: string,
  gatewayMs: number,
): GatewayAnswer {
  const headers: AnswerHeaders = {
    'content-type': 'application/json',
    'server-timing': `gateway;dur=${gatewayMs}`,
  };
  for (const [name, value] of GATEWAY_SECURITY_HEADERS) headers[name] = value;
  const retryAfter = error.details.retry_after_s;
  if (typeof retryAfter === 'number') headers['retry-after'] = String(retryAfter);
  const body = Buffer.from(JSON.stringify(error.toEnvelope(correlationId)));
  return { status: error.status, headers, body };
}
