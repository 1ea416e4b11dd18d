import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AnswerHeaders, GatewayAnswer } from '@aiconnected/gateway';
import { HTTP_METHODS, moduleKeySchema } from '@aiconnected/sdk-contracts';
import { deferChildLogger, type Logger } from '../../logger';
import type { ApiDeps } from '../context';
import { clientAddressOf } from '../guard/client-address';
import type { RequestHead } from '../guard/read-session-token';
import { bodyTimeoutError, watchBodyIdle } from '../http/body-deadline';
import { bodyLeftUnfinished } from '../http/unfinished-body';
import { answeredError } from '../http/handle-error';
import { CORRELATION_HEADER, logRequestCompletion } from '../http/request-context';
import { gatewaySecurityHeaders } from '../http/security-headers';
import { authenticateGatewayCaller } from './gateway-credential';
import { GATEWAY_PREFIX, gatewayTarget } from './gateway-target';

/** A Node request listener (the web server's, the API's behind @hono/node-server). */
export type NodeListener = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/** The gateway route's methods (`HEAD` is answered by its `GET` route). */
const METHODS: ReadonlySet<string> = new Set([...HTTP_METHODS, 'HEAD']);

/** A Host the Node adapter takes as it is (its own test): any other goes the API's way. */
const PLAIN_HOST = /^[a-z0-9._-]+(?::(?:[1-5]\d{3,4}|[6-9]\d{3}))?$/;

/**
 * `api` with `/api/gateway/{module}/…` (routes.ts) answered straight on the Node request and
 * response: no web Request, Hono context or web Response per forwarded request (the gateway's
 * hot path, issue 11's speed targets), with the same steps and answers as the API route in
 * process: a fresh `x-correlation-id`, the gateway's security headers (the API's, then
 * `GATEWAY_SECURITY_HEADERS`; the answer's own over them), the credential
 * (`authenticateGatewayCaller`), `Gateway.forward`, its answer written head and body at once
 * (a streamed one piped), every refusal as the API's envelope (`answeredError`) and the
 * `request completed` line. Only a request the API would route there as it is goes this way: a
 * gateway method, a valid module key, a plain Host, and a target URL parsing leaves unchanged
 * (no dot segment, nothing it would encode); the API answers any other (the same refusals).
 *
 * A body with no byte arriving for `API_BODY_TIMEOUT_MS` while incomplete (`watchBodyIdle`;
 * a slow body that keeps coming is not cut) is answered the API's 408 (`bodyTimeoutError`)
 * with `Connection: close` if no answer has started, its upstream request to the module
 * aborted; once an answer has started (a refusal sent before the body was read, whose rest
 * Node then drains, or a module's answer streaming), the connection is destroyed instead. An
 * answer written while the body handed to the forward is still incomplete (a refusal after
 * the hand-over, a module answering early) says `Connection: close` (`bodyLeftUnfinished`):
 * that body's rest is not drained, so the connection cannot carry another request.
 */
export async function withGatewayListener(deps: ApiDeps, api: NodeListener): Promise<NodeListener> {
  const https = deps.config.baseUrl.startsWith('https:');
  const securityHeaders = await gatewaySecurityHeaders({ https });
  const serve = (request: IncomingMessage, response: ServerResponse, url: URL) => {
    const startedAt = performance.now();
    const correlationId = randomUUID();
    let logger = deferChildLogger(deps.logger, { correlation_id: correlationId });
    response.setHeader(CORRELATION_HEADER, correlationId);
    for (const [name, value] of securityHeaders) response.setHeader(name, value);
    const method = request.method ?? 'GET';
    const headers = headerRecord(request.rawHeaders);
    const head: RequestHead = { method, header: (name) => headers[name] };
    const upstream = closedSignal(response);
    let timedOut = false;
    watchBodyIdle(request, deps.config.bodyTimeoutMs, () => {
      timedOut = true;
      upstream.abort(new Error('request body stalled'));
      if (response.headersSent) {
        request.socket.destroy();
        return;
      }
      const answer = errorAnswer(
        bodyTimeoutError(deps.config.bodyTimeoutMs),
        correlationId,
        logger,
      );
      answer.headers.connection = 'close';
      void writeAnswer(response, answer);
      if (logger.isLevelEnabled('info')) {
        logRequestCompletion(logger, {
          correlationId,
          method,
          path: url.pathname,
          status: 408,
          startedAt,
        });
      }
    });
    const forwarded = async (): Promise<GatewayAnswer> => {
      const { moduleKey, modulePath } = gatewayTarget(url);
      const caller = await authenticateGatewayCaller(head, moduleKey, deps, (bindings) => {
        logger = deferChildLogger(logger, bindings);
      });
      return deps.gateway.forward({
        caller: {
          context: caller.context,
          memberships: caller.memberships,
          tokenPermissions: caller.tokenPermissions,
        },
        moduleKey,
        modulePath,
        method,
        headers,
        body:
          method === 'GET' || method === 'HEAD'
            ? null
            : (Readable.toWeb(request) as ReadableStream<Uint8Array>),
        correlationId,
        clientAddress: clientAddressOf(request, deps.config.trustProxy) ?? 'unknown',
        publicHost: url.host,
        publicProto: https ? 'https' : 'http',
        logger,
        signal: upstream.signal,
      });
    };
    return forwarded()
      .catch((error: unknown) => errorAnswer(error, correlationId, logger))
      .then((answer) => {
        // Answered 408 on a stalled body: the forward's end (its abort) is not written.
        if (timedOut) return undefined;
        // The body handed to the forward and left unfinished (a refusal before the module, a
        // module's answer before the body's end): the connection cannot carry another request.
        if (bodyLeftUnfinished(request)) answer.headers.connection = 'close';
        const written = writeAnswer(response, answer);
        if (logger.isLevelEnabled('info')) {
          const { pathname: path } = url;
          logRequestCompletion(logger, {
            correlationId,
            method,
            path,
            status: answer.status,
            startedAt,
          });
        }
        return written;
      });
  };
  return (request, response) => {
    const url = gatewayUrl(request, https);
    return url === null ? api(request, response) : serve(request, response, url);
  };
}

/** The URL of a request this listener answers (see `withGatewayListener`), else null. */
function gatewayUrl(request: IncomingMessage, https: boolean): URL | null {
  const target = request.url ?? '';
  const host = request.headers.host;
  if (!target.startsWith(GATEWAY_PREFIX) || !METHODS.has(request.method ?? '')) return null;
  if (host === undefined || !PLAIN_HOST.test(host)) return null;
  const rest = target.slice(GATEWAY_PREFIX.length);
  const keyEnd = rest.search(/[/?]/);
  if (!moduleKeySchema.safeParse(keyEnd === -1 ? rest : rest.slice(0, keyEnd)).success) return null;
  let url: URL;
  try {
    url = new URL(target, `${https ? 'https' : 'http'}://${host}`);
  } catch {
    return null;
  }
  return url.pathname + url.search === target ? url : null;
}

/**
 * The request's headers as the web `Headers` of it would read them: lower-case names, values
 * of one name joined with `, ` (`Cookie`'s with `; `, as the API's adapter reads it).
 */
function headerRecord(raw: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let index = 0; index < raw.length; index += 2) {
    const name = (raw[index] ?? '').toLowerCase();
    const value = raw[index + 1] ?? '';
    const before = out[name];
    out[name] =
      before === undefined ? value : `${before}${name === 'cookie' ? '; ' : ', '}${value}`;
  }
  return out;
}

/**
 * Aborted when the client goes away before its answer is written (the upstream then ends), or
 * by the listener (a stalled body).
 */
function closedSignal(response: ServerResponse): AbortController {
  const controller = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) controller.abort(new Error('client closed the request'));
  });
  return controller;
}

/** A refusal before the gateway (the credential's, a bad path) as the API answers it. */
function errorAnswer(error: unknown, correlationId: string, logger: Logger): GatewayAnswer {
  const refusal = answeredError(error, logger);
  const headers: AnswerHeaders = { 'content-type': 'application/json' };
  const retryAfter = refusal.details.retry_after_seconds;
  if (typeof retryAfter === 'number') headers['retry-after'] = String(retryAfter);
  const body = Buffer.from(JSON.stringify(refusal.toEnvelope(correlationId)));
  return { status: refusal.status, headers, body };
}

/** Head and body at once (with its length) when read whole; a stream piped as it comes. */
function writeAnswer(response: ServerResponse, answer: GatewayAnswer): Promise<void> | undefined {
  const { status, headers, body } = answer;
  if (body instanceof Uint8Array) {
    headers['content-length'] ??= String(body.byteLength);
    response.writeHead(status, headers).end(body);
    return undefined;
  }
  response.writeHead(status, headers);
  if (body === null) {
    response.end();
    return undefined;
  }
  response.flushHeaders();
  // A failure on either side ends both (the module's stream is cancelled with the client).
  return pipeline(
    Readable.fromWeb(body as import('node:stream/web').ReadableStream),
    response,
  ).catch(() => undefined);
}
