import { isIP } from 'node:net';
import { Readable } from 'node:stream';
import { AddressNotAllowedError, checkedLookup, targetAddressRefusal } from '@aiconnected/modules';
import { isShellError, type ModuleHttpTarget } from '@aiconnected/sdk-contracts';
import { Agent, type Dispatcher } from 'undici';
import type { GatewayAnswer } from '../gateway/gateway-answer';
import { forwardResponseHeaders } from '../headers/forward-response-headers';
import { bodyTooLarge, targetUnhealthy } from './forward-errors';

/** Default limit of a forwarded request body: 100 MiB (`GATEWAY_MAX_BODY_BYTES`). */
export const DEFAULT_MAX_BODY_BYTES = 100 * 1024 * 1024;
/** Default target timeout when the manifest sets none (`runtime.target.timeoutMs`). */
export const DEFAULT_TARGET_TIMEOUT_MS = 30_000;

export interface ForwarderOptions {
  maxBodyBytes?: number;
  /** Local mode only: no address is refused (`config.isLocal`). */
  allowAnyAddress: boolean;
  defaultTimeoutMs?: number;
  /**
   * For tests only: replaces `targetAddressRefusal` (as the health probe's `ProbeTestHooks`),
   * e.g. to refuse 127.0.0.1 as if it were link-local on a loopback-only machine.
   */
  testHooks?: { addressRefusal: (address: string) => string | null };
}

export interface ForwardInput {
  target: ModuleHttpTarget;
  /** For error details and logs. */
  moduleKey: string;
  method: string;
  /** The module path with its query, beginning with '/'. */
  path: string;
  /** Where the module's paths are mounted on the shell (`/api/gateway/<module>`), for `Location`. */
  prefix: string;
  /** Already filtered (`forwardRequestHeaders`), lower-case names. */
  headers: Record<string, string>;
  body: ReadableStream<Uint8Array> | null;
  /** The client's request signal: the upstream request ends when the client goes away. */
  signal?: AbortSignal;
}

/** The module's answer (its body read whole when small, else streamed as it arrives), headers filtered. */
export interface ForwardResult extends GatewayAnswer {
  /**
   * Milliseconds from sending until the module's answer headers arrived (a small answer: until
   * all of it arrived).
   */
  targetMs: number;
}

export interface Forwarder {
  forward(input: ForwardInput): Promise<ForwardResult>;
  /** Closes the pooled connections; once (a second call answers the first one's promise). */
  close(): Promise<void>;
}

/** Answers up to this declared length are read whole before answering; longer ones stream. */
const SMALL_BODY_BYTES = 64 * 1024;

const since = (started: number) => performance.now() - started;

/** Statuses whose answer has no body (a Response refuses one). */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

interface TargetAddress {
  origin: string;
  /** The base URL's path without its trailing slash ('' for the root). */
  basePath: string;
  /** Why its literal IP is refused, or null (a name is checked at connection time). */
  refusal: string | null;
}

/**
 * The gateway's forwarder (docs/modules.md "Gateway"): one keep-alive undici `Agent` (pooled
 * connections per target origin), the request body streamed as it arrives and counted (over
 * `maxBodyBytes`: `PAYLOAD_TOO_LARGE`, the upstream aborted; a declared Content-Length over it
 * is refused before connecting), the answer streamed back (one of at most 64 KiB that has
 * arrived with its headers is read whole first), a timeout for the answer's headers
 * and the same as idle time between its body chunks, the health probe's address rules unless
 * `allowAnyAddress`, and no redirects followed (a 3xx passes through, its `Location` rewritten under `prefix` or
 * dropped: `forwardResponseHeaders`).
 */
export function createForwarder(options: ForwarderOptions): Forwarder {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const defaultTimeoutMs = options.defaultTimeoutMs ?? DEFAULT_TARGET_TIMEOUT_MS;
  const refusal = options.testHooks?.addressRefusal ?? targetAddressRefusal;
  const agent = new Agent({
    connect: options.allowAnyAddress ? {} : { lookup: checkedLookup(defaultTimeoutMs, refusal) },
  });
  const addresses = new Map<string, TargetAddress>();
  const addressOf = (baseUrl: string): TargetAddress => {
    let found = addresses.get(baseUrl);
    if (found === undefined) {
      const url = new URL(baseUrl);
      const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
      found = {
        origin: url.origin,
        basePath: url.pathname.replace(/\/+$/, ''),
        refusal: options.allowAnyAddress || isIP(host) === 0 ? null : refusal(host),
      };
      if (addresses.size > 1000) addresses.clear();
      addresses.set(baseUrl, found);
    }
    return found;
  };

  let closing: Promise<void> | undefined;
  return {
    // undici throws ClientDestroyedError on a second close; a runtime may be closed twice.
    close: () => (closing ??= agent.close()),
    forward: async (input) => {
      const { target, moduleKey } = input;
      const declared = Number(input.headers['content-length'] ?? 0);
      if (declared > maxBodyBytes) throw bodyTooLarge(maxBodyBytes);
      const address = addressOf(target.baseUrl);
      if (address.refusal !== null) {
        throw targetUnhealthy(
          moduleKey,
          'address_not_allowed',
          `target address not allowed (${address.refusal})`,
        );
      }
      const timeoutMs = target.timeoutMs ?? defaultTimeoutMs;
      const counter = { bytes: 0, tooLarge: false };
      const started = performance.now();
      const failed = (error: unknown) =>
        // The client went away: its abort (whatever its reason: a string from some servers),
        // not a target failure, so nothing for the breaker to count.
        input.signal?.aborted === true && !counter.tooLarge
          ? clientClosed(error)
          : forwardFailure(error, moduleKey, timeoutMs, counter.tooLarge, maxBodyBytes);
      let answer: Dispatcher.ResponseData;
      try {
        answer = await agent.request({
          origin: address.origin,
          path: address.basePath + input.path,
          method: input.method,
          headers: input.headers,
          body:
            input.body === null
              ? null
              : Readable.from(counted(input.body, maxBodyBytes, counter), { objectMode: false }),
          signal: input.signal,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
      } catch (error) {
        throw failed(error);
      }
      const status = answer.statusCode;
      const headers = forwardResponseHeaders(answer.headers, {
        requestUrl: address.origin + address.basePath + input.path,
        baseUrl: target.baseUrl,
        prefix: input.prefix,
      });
      if (NULL_BODY_STATUSES.has(status)) {
        answer.body.on('error', () => undefined).destroy();
        return { status, headers, body: null, targetMs: since(started) };
      }
      // A small answer is read whole (one bounded copy): a byte body is written back at once by
      // the platform's server, head and body together, without a stream per request. One of
      // declared length up to 64 KiB (its stall is a timeout here), or a chunked one (as Node
      // servers answer by default) that has ended within 64 KiB by the end of this event-loop
      // turn; anything else streams (a chunked one: the chunks read so far first).
      const answerLength = answer.headers['content-length'];
      if (answerLength === undefined || Number(answerLength) <= SMALL_BODY_BYTES) {
        let ahead: ReadAhead;
        try {
          ahead =
            answerLength === undefined
              ? await readAhead(answer.body, SMALL_BODY_BYTES)
              : // undici's bytes() is backed by an ArrayBuffer (never shared): the DOM lib's BodyInit wants that said.
                { bytes: (await answer.body.bytes()) as Uint8Array<ArrayBuffer>, rest: null };
        } catch (error) {
          throw failed(error);
        }
        return { status, headers, body: ahead.bytes ?? ahead.rest, targetMs: since(started) };
      }
      const body = Readable.toWeb(answer.body) as ReadableStream<Uint8Array>;
      return { status, headers, body, targetMs: since(started) };
    },
  };
}

/** An answer read ahead: whole (`rest` null), or the chunks read so far and the rest. */
type ReadAhead =
  | { bytes: Uint8Array<ArrayBuffer>; rest: null }
  | { bytes: null; rest: ReadableStream<Uint8Array> };

/**
 * Reads `body` ahead while it arrives without waiting (what came with the answer's headers,
 * up to the end of this event-loop turn) and at most `limit` bytes. Ended by then: its bytes.
 * Else the chunks read so far followed by the rest, as one stream pulled as the client reads
 * (a slow or endless answer, e.g. events or an echo, streams as before; cancelling the stream
 * destroys `body`, so the upstream ends with the client).
 */
async function readAhead(body: Readable, limit: number): Promise<ReadAhead> {
  const chunks: Buffer[] = [];
  let length = 0;
  const iterator = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const turnEnds = new Promise<null>((resolve) => setImmediate(resolve, null));
  let pending: Promise<IteratorResult<Buffer>> | null = null;
  while (length <= limit) {
    pending = iterator.next();
    const next = await Promise.race([pending, turnEnds]);
    if (next === null) break;
    pending = null;
    if (next.done === true) {
      // Node Buffers are backed by an ArrayBuffer (never shared): the DOM lib's BodyInit wants that said.
      const bytes = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length)) as
        Uint8Array<ArrayBuffer> | undefined;
      return { bytes: bytes ?? new Uint8Array(0), rest: null };
    }
    chunks.push(next.value);
    length += next.value.byteLength;
  }
  // A read still in flight is the stream's next chunk (its failure is the stream's error).
  pending?.catch(() => undefined);
  return {
    bytes: null,
    rest: new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        const chunk = chunks.shift();
        if (chunk !== undefined) return controller.enqueue(chunk);
        const next = await (pending ?? iterator.next());
        pending = null;
        if (next.done === true) controller.close();
        else controller.enqueue(next.value);
      },
      cancel: async () => {
        await iterator.return?.();
      },
    }),
  };
}

/** The body as it arrives, counted: past `max` it throws (undici then aborts the upstream). */
async function* counted(
  body: ReadableStream<Uint8Array>,
  max: number,
  counter: { bytes: number; tooLarge: boolean },
): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      counter.bytes += value.byteLength;
      if (counter.bytes > max) {
        counter.tooLarge = true;
        throw bodyTooLarge(max);
      }
      yield value;
    }
  } finally {
    // Stops the client's body when the upstream ends first (an abort, the limit).
    await reader.cancel().catch(() => undefined);
  }
}

/** The client's abort as an Error (a signal's reason may be any value). */
function clientClosed(reason: unknown): Error {
  return reason instanceof Error
    ? reason
    : new Error('client closed the request', { cause: reason });
}

function forwardFailure(
  error: unknown,
  moduleKey: string,
  timeoutMs: number,
  tooLarge: boolean,
  maxBodyBytes: number,
): unknown {
  if (tooLarge) return bodyTooLarge(maxBodyBytes);
  if (isShellError(error)) return error;
  const code = errorCode(error);
  if (code === 'UND_ERR_ABORTED' || (error as Error | null)?.name === 'AbortError') return error;
  if (
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  ) {
    return targetUnhealthy(
      moduleKey,
      'timeout',
      `module target answered nothing in ${timeoutMs} ms`,
      {},
      error,
    );
  }
  if (error instanceof AddressNotAllowedError || code === 'ADDRESS_NOT_ALLOWED') {
    return targetUnhealthy(
      moduleKey,
      'address_not_allowed',
      'target address not allowed',
      {},
      error,
    );
  }
  return targetUnhealthy(
    moduleKey,
    'unreachable',
    `module target unreachable (${code ?? 'no answer'})`,
    {},
    error,
  );
}

function errorCode(error: unknown): string | undefined {
  const own = (error as { code?: unknown } | null)?.code;
  if (typeof own === 'string') return own;
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}
