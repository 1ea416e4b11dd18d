import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ShellError } from '@aiconnected/sdk-contracts';
import type { ApiConfig } from './api/guard';
import { CORRELATION_HEADER } from './api/http/request-context';
import { isOwnHost } from './is-own-host';

/**
 * Refused as a route nobody serves: the contract has no code for "wrong host", and the local
 * mailbox already answers a foreign host with this one. `details.reason` tells the two apart.
 */
const FOREIGN_HOST = new ShellError('NOT_FOUND', 'request addressed to a host this server is not', {
  userMessage: 'This server does not answer requests addressed to that host.',
  details: { reason: 'host' },
});

/** What a refused request is told, once for every answer. */
const NO_STORE_NOSNIFF = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

/**
 * Locally (`PLATFORM_ENV=local`), answers a request addressed to a host other than this
 * server's (`isOwnHost`: a loopback name or the public base URL's host) and returns true; the
 * caller then hands it nowhere. Binding to loopback keeps other machines out, not other web
 * sites: a page on a name rebound to 127.0.0.1 would be same-origin with itself and could sign
 * in with the published demo password, but its requests carry its own name. An API request
 * gets the error envelope (NOT_FOUND, `details.reason: 'host'`), a page 421 Misdirected
 * Request. Other deployments are left alone until custom domains (white label) say which
 * hosts a deployment serves.
 */
export function refuseForeignHost(
  request: IncomingMessage,
  response: ServerResponse,
  options: { config: Pick<ApiConfig, 'isLocal' | 'baseUrl'>; api: boolean },
): boolean {
  const { config, api } = options;
  if (!config.isLocal || isOwnHost(request.headers.host, config.baseUrl)) return false;
  if (api) {
    const correlationId = randomUUID();
    response.writeHead(FOREIGN_HOST.status, {
      ...NO_STORE_NOSNIFF,
      'content-type': 'application/json',
      [CORRELATION_HEADER]: correlationId,
    });
    response.end(JSON.stringify(FOREIGN_HOST.toEnvelope(correlationId)));
  } else {
    response.writeHead(421, { ...NO_STORE_NOSNIFF, 'content-type': 'text/plain; charset=utf-8' });
    response.end('Misdirected Request: this server does not answer requests for that host.\n');
  }
  return true;
}
