import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import next from 'next';
import type { Env } from '@/env';
import type { ApiDeps } from './api/context';
import { withGatewayListener } from './api/gateway/gateway-listener';
import { isApiPath } from './api-target';
import { createDevComposio } from './dev-composio';
import { answerClientErrors } from './client-error';
import { localComposioKey } from './integrations-runtime';
import { preparePageRequest } from './prepare-page-request';
import { refuseForeignHost } from './refuse-foreign-host';
import { startRuntime } from './runtime';

export interface StartWebServerOptions {
  /** The parsed environment: HOST, PORT, DATABASE_URL and the rest of the runtime's settings. */
  environment: Env;
  /** `next dev` (compiles on request, hot reload) instead of serving the production build. */
  dev: boolean;
  /** The Next.js app's folder (apps/platform). */
  dir: string;
  /** Tests only: shorter `REQUEST_TIMEOUTS`, so a cut request is seen in seconds. */
  timeouts?: RequestTimeouts;
}

/** How long a client may take to send a request (`node:http`'s server options). */
export interface RequestTimeouts {
  /** Headers, from the connection's first byte (`headersTimeout`). */
  headersMs: number;
  /** The whole request, body included (`requestTimeout`). */
  requestMs: number;
  /** How often open connections are checked against both (`connectionsCheckingInterval`). */
  checkEveryMs: number;
}

/**
 * A request still incomplete after these is answered 408 (client-error.ts) and its connection
 * closed. The whole-request bound stays Node's 300 s: the module gateway streams bodies of up
 * to `GATEWAY_MAX_BODY_BYTES` (100 MiB) through this server, and a lower bound would cut slow
 * legitimate uploads. What changes from Node's defaults: headers within 20 s (not 60), and the
 * check every 5 s (not 30), so a body that never ends (`Content-Length` longer than what is
 * sent, or chunked without the last chunk) is cut at 300 s, not up to 330 s or later. API bodies
 * have their own, shorter deadline (`API_BODY_TIMEOUT_MS`, 30 s: api/http/body-deadline.ts);
 * on the gateway and a signed branding upload it counts time without a byte of the body.
 */
export const REQUEST_TIMEOUTS: RequestTimeouts = {
  headersMs: 20_000,
  requestMs: 300_000,
  checkEveryMs: 5_000,
};

/** The web server of this process, listening. */
export interface WebServer {
  /** Stops taking requests, lets those in flight finish, then ends the database pool. */
  close: () => Promise<void>;
}

/** In-flight requests get this long to finish when the server closes; then sockets are cut. */
const CLOSE_GRACE_MS = 5_000;

/**
 * One process, one port: a plain `node:http` server that hands `/api/*` and any path with dot
 * segments (api-target.ts) to the Hono app (through `@hono/node-server`, which passes the Node
 * request along, so the API sees the socket's peer address; the gateway's forwarded requests
 * are answered on the Node request itself: gateway-listener.ts) and everything else to Next's request handler (pages, assets,
 * middleware), after resolving a page request's session in process (prepare-page-request.ts).
 * A request addressed to a host this server does not serve (not its own name, a verified
 * custom domain nor a platform host) is refused first (refuse-foreign-host.ts).
 * Resolves once it listens on HOST:PORT.
 */
export async function startWebServer(options: StartWebServerOptions): Promise<WebServer> {
  const { environment, dev, dir } = options;
  const { HOST: host, PORT: port } = environment;
  const timeouts = options.timeouts ?? REQUEST_TIMEOUTS;
  const server = createServer({
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    connectionsCheckingInterval: timeouts.checkEveryMs,
  });
  // Next attaches its own upgrade handler (hot reload in dev) to `httpServer`.
  const pages = next({ dev, dir, hostname: host, port, httpServer: server });
  await pages.prepare();
  const runtime = startRuntime(environment);
  const { logger } = runtime.deps;
  // With @hono/node-server's lightweight Request/Response as the globals (its default; they
  // pass `instanceof` for the built-in ones, so Next works unchanged): an API answer that
  // needs no body stream skips building a web Response, about twice the requests per second.
  const honoApi = getRequestListener(runtime.api.fetch);
  // The gateway's forwarded requests are answered on the Node request and response
  // (gateway-listener.ts); with a database the runtime's services are the API's.
  const api =
    runtime.db === null ? honoApi : await withGatewayListener(runtime.deps as ApiDeps, honoApi);
  const handlePage = pages.getRequestHandler();
  // Locally without COMPOSIO_BASE_URL: the Composio stand-in at /dev/composio (dev-composio.ts).
  const devComposio =
    environment.PLATFORM_ENV === 'local' && environment.COMPOSIO_BASE_URL === undefined
      ? createDevComposio(environment, localComposioKey())
      : null;

  const fail = (request: IncomingMessage, response: ServerResponse) => (error: unknown) => {
    logger.error({ err: error, url: request.url }, 'request failed outside the API');
    if (!response.headersSent) response.writeHead(500);
    response.end();
  };
  const dispatch = (request: IncomingMessage, response: ServerResponse, toApi: boolean) =>
    toApi
      ? api(request, response)
      : preparePageRequest(runtime.api, request, response).then(() =>
          handlePage(request, response),
        );
  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    if (devComposio?.(request, response) === true) return;
    const toApi = isApiPath(request.url ?? '/');
    const refused = refuseForeignHost(request, response, {
      config: runtime.deps.config,
      api: toApi,
      hosts: runtime.hostWorkspaces,
      onLookupError: (error) =>
        logger.error({ err: error, url: request.url }, 'host lookup failed'),
    });
    // This server's own names are known at once; any other host is looked up (cached) first.
    if (refused === true) return;
    const handled =
      refused === false
        ? dispatch(request, response, toApi)
        : refused.then((no) => (no ? undefined : dispatch(request, response, toApi)));
    handled.catch(fail(request, response));
  };
  server.on('request', onRequest);
  // A request Node's parser refuses (headers over its limit, a malformed line) gets the envelope.
  await answerClientErrors(server, {
    https: runtime.deps.config.baseUrl.startsWith('https:'),
    logger,
  });

  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // Upgraded connections (hot reload's websocket in dev) carry no request to wait for.
  const upgraded = new Set<Duplex>();
  server.on('upgrade', (_request, socket) => {
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host }, () => {
      server.off('error', reject);
      resolve();
    });
  });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      for (const socket of upgraded) socket.destroy();
      // Requests in flight finish; after the grace, every socket left is cut so the process
      // can end.
      const cut = setTimeout(() => {
        for (const socket of sockets) socket.destroy();
      }, CLOSE_GRACE_MS);
      await closed;
      clearTimeout(cut);
      // Not `pages.close()`: on a custom server it builds a second Next server to close it.
      await runtime.close();
    })();
    return closing;
  };
  return { close };
}
