import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HostWorkspaceCache } from '@aiconnected/branding';
import { ShellError } from '@aiconnected/sdk-contracts';
import type { ApiConfig } from './api/guard';
import { CORRELATION_HEADER } from './api/http/request-context';
import { isOwnHost } from './is-own-host';
import { NEUTRAL_HOST_PAGE, NEUTRAL_HOST_PAGE_HEADERS } from './neutral-host-page';

/**
 * Refused as a route nobody serves: the contract has no code for "wrong host", and the local
 * mailbox already answers a foreign host with this one. `details.reason` tells the two apart.
 */
const FOREIGN_HOST = new ShellError('NOT_FOUND', 'request addressed to a host this server is not', {
  userMessage: 'This server does not answer requests addressed to that host.',
  details: { reason: 'host' },
});

/** A host lookup that failed (database down, pool exhausted): the server cannot tell yet. */
const HOST_LOOKUP_FAILED = new ShellError('SERVICE_UNAVAILABLE', 'host lookup failed');

/** The page answered when the host cannot be looked up: no product, no details, try again. */
const UNAVAILABLE_PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Unavailable</title></head>' +
  '<body><p>This service is temporarily unavailable. Please try again in a minute.</p></body></html>';

/** What a refused request is told, once for every answer. */
const NO_STORE_NOSNIFF = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

/** Load balancers probe health by address (`Host: 10.0.0.5:3000`): it names no tenant. */
const HEALTH_PATH = /^\/api\/health(?:\?|$)/;

export interface RefuseForeignHostOptions {
  config: Pick<ApiConfig, 'baseUrl' | 'allowedOrigins' | 'isLocal'>;
  api: boolean;
  /** Verified custom domains and platform hosts; null without a database (none is served). */
  hosts: Pick<HostWorkspaceCache, 'resolve'> | null;
  /** Told when a host lookup fails (the request is answered 503). */
  onLookupError?: (error: unknown) => void;
}

/** 503 with `SERVICE_UNAVAILABLE` (API) or a plain page: never an empty 500. */
function unavailable(response: ServerResponse, api: boolean): true {
  const headers = { ...NO_STORE_NOSNIFF, 'retry-after': '30' };
  if (api) {
    const correlationId = randomUUID();
    response.writeHead(HOST_LOOKUP_FAILED.status, {
      ...headers,
      'content-type': 'application/json',
      [CORRELATION_HEADER]: correlationId,
    });
    response.end(JSON.stringify(HOST_LOOKUP_FAILED.toEnvelope(correlationId)));
  } else {
    response.writeHead(503, {
      ...headers,
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'",
    });
    response.end(UNAVAILABLE_PAGE);
  }
  return true;
}

function refuse(response: ServerResponse, api: boolean): true {
  if (api) {
    const correlationId = randomUUID();
    response.writeHead(FOREIGN_HOST.status, {
      ...NO_STORE_NOSNIFF,
      'content-type': 'application/json',
      [CORRELATION_HEADER]: correlationId,
    });
    response.end(JSON.stringify(FOREIGN_HOST.toEnvelope(correlationId)));
  } else {
    response.writeHead(404, { ...NO_STORE_NOSNIFF, ...NEUTRAL_HOST_PAGE_HEADERS });
    response.end(NEUTRAL_HOST_PAGE);
  }
  return true;
}

/**
 * Answers a request addressed to a host this server does not serve, and says so (true); the
 * caller then hands it nowhere. Served: loopback names (local mode only), and the hosts of
 * `PLATFORM_PUBLIC_BASE_URL` and `PLATFORM_ALLOWED_ORIGINS` (no lookup: synchronously false),
 * and the hosts `hosts` knows (a verified custom domain or a workspace's platform host, looked
 * up in the host cache: a promise). Any other host gets the neutral page (404) or, for the
 * API, `NOT_FOUND` with `details.reason: 'host'`, never the product: a name rebound to
 * 127.0.0.1 (DNS rebinding) or pointed at the platform without being connected shows nothing.
 * `/api/health` answers any host (load balancers probe it by address). A failed lookup (the
 * database is down) answers 503, `SERVICE_UNAVAILABLE` for the API.
 */
export function refuseForeignHost(
  request: IncomingMessage,
  response: ServerResponse,
  { config, api, hosts, onLookupError }: RefuseForeignHostOptions,
): boolean | Promise<boolean> {
  const host = request.headers.host;
  const own = isOwnHost(host, config.baseUrl, { loopback: config.isLocal });
  if (own || isAllowedOriginHost(host, config.allowedOrigins)) return false;
  if (api && HEALTH_PATH.test(request.url ?? '')) return false;
  if (!hosts || !host) return refuse(response, api);
  return hosts.resolve(host).then(
    (served) => (served ? false : refuse(response, api)),
    (error: unknown) => {
      onLookupError?.(error);
      return unavailable(response, api);
    },
  );
}

function isAllowedOriginHost(host: string | undefined, origins: readonly string[]): boolean {
  if (!host) return false;
  const wanted = host.toLowerCase();
  return origins.some((origin) => new URL(origin).host === wanted);
}
