import { isIP } from 'node:net';
import { AddressNotAllowedError, checkedLookup, targetAddressRefusal } from '@aiconnected/modules';
import { Agent } from 'undici';
import { parseRetryAfter } from './retry-schedule';

/** How one attempt ended, as `event_delivery_attempts.outcome` records it. */
export type AttemptOutcome =
  'delivered' | 'failed' | 'timeout' | 'unreachable' | 'refused' | 'gone';

/** One POST to a module's webhook path. */
export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/** What one attempt saw. */
export interface AttemptResult {
  outcome: AttemptOutcome;
  /** The HTTP status, null when there was no answer. */
  status: number | null;
  durationMs: number;
  /** In words, at most 500 characters; null when delivered. */
  error: string | null;
  /** A 429/503 answer's `Retry-After`, in ms from the answer; null otherwise. */
  retryAfterMs: number | null;
}

export interface WebhookPoster {
  post(request: WebhookRequest): Promise<AttemptResult>;
  /** Waits for requests in flight, then closes the pooled connections; once. */
  close(): Promise<void>;
}

export interface WebhookPosterOptions {
  /** Local mode only: no address refused (`DeliverySettings.allowPrivateTargets`). */
  allowAnyAddress: boolean;
  /** For tests only: replaces `targetAddressRefusal`, as the gateway's forwarder allows. */
  addressRefusal?: (address: string) => string | null;
}

/** Connecting (name lookup included) may take this long. */
const CONNECT_TIMEOUT_MS = 10_000;

const clip = (text: string) => (text.length > 500 ? `${text.slice(0, 497)}...` : text);

/**
 * POSTs webhooks over one keep-alive undici `Agent`, by the gateway's address rules (a name is
 * resolved and every address checked, the connection pinned to them; an IP literal is checked
 * here), redirects not followed, the answer's body discarded. Never throws: any 2xx is
 * `delivered`, 410 `gone`, another status `failed`, no answer headers within `timeoutMs`
 * `timeout` (the body is read for at most `timeoutMs` more, then cut off), a refused connection
 * or unknown host `unreachable`, an address the rules refuse `refused`.
 */
export function createWebhookPoster(options: WebhookPosterOptions): WebhookPoster {
  const refusal = options.addressRefusal ?? targetAddressRefusal;
  const agent = new Agent({
    connect: options.allowAnyAddress
      ? { timeout: CONNECT_TIMEOUT_MS }
      : { timeout: CONNECT_TIMEOUT_MS, lookup: checkedLookup(CONNECT_TIMEOUT_MS, refusal) },
  });
  // Per target origin: its IP literal's refusal (a name is checked at connection time).
  const literalRefusals = new Map<string, string | null>();
  const literalRefusal = (url: URL): string | null => {
    let found = literalRefusals.get(url.origin);
    if (found === undefined) {
      const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
      found = options.allowAnyAddress || isIP(host) === 0 ? null : refusal(host);
      if (literalRefusals.size > 1000) literalRefusals.clear();
      literalRefusals.set(url.origin, found);
    }
    return found;
  };
  let closing: Promise<void> | undefined;

  const post = async (request: WebhookRequest): Promise<AttemptResult> => {
    const started = performance.now();
    const result = (
      outcome: AttemptOutcome,
      status: number | null,
      error: string | null,
      retryAfterMs: number | null = null,
    ): AttemptResult => ({
      outcome,
      status,
      durationMs: Math.round(performance.now() - started),
      error: error === null ? null : clip(error),
      retryAfterMs,
    });
    const url = new URL(request.url);
    const refused = literalRefusal(url);
    if (refused !== null) return result('refused', null, `address not allowed (${refused})`);
    try {
      const answer = await agent.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: 'POST',
        headers: request.headers,
        body: request.body,
        // undici's own timers (no AbortSignal per request): the answer's headers, then each
        // pause in its body (the whole body's deadline is dump()'s signal below).
        headersTimeout: request.timeoutMs,
        bodyTimeout: request.timeoutMs,
      });
      // Read (and drop) the answer so the connection is reused; a receiver's words are not kept.
      // Within timeoutMs altogether: bodyTimeout bounds each pause only, so a body dripped a
      // byte at a time would hold the drain (and its worker) for days. Cut off, or failing
      // mid-body, the answer still counts by its status, as dump() resolves on a body error.
      const cutOff = new AbortController();
      const deadline = setTimeout(() => cutOff.abort(), request.timeoutMs);
      try {
        await answer.body.dump({ limit: 64 * 1024, signal: cutOff.signal }).catch(() => null);
      } finally {
        clearTimeout(deadline);
      }
      const status = answer.statusCode;
      if (status >= 200 && status < 300) return result('delivered', status, null);
      if (status === 410) return result('gone', status, 'answered 410 Gone: endpoint disabled');
      const retryAfter =
        status === 429 || status === 503
          ? parseRetryAfter(answer.headers['retry-after'], Date.now())
          : null;
      return result('failed', status, `answered ${status}`, retryAfter);
    } catch (error) {
      const code = codeOf(error);
      if (code !== undefined && TIMEOUT_CODES.has(code)) {
        return result('timeout', null, `timed out after ${request.timeoutMs} ms`);
      }
      const refusedBy = addressRefusalOf(error);
      if (refusedBy !== null) return result('refused', null, refusedBy);
      return result('unreachable', null, failureDetail(code));
    }
  };

  return {
    post,
    close: () => (closing ??= agent.close()),
  };
}

/** undici's timeouts: connecting, the answer's headers, a pause in its body. */
const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** The error's code, or its cause's (undici wraps connection errors). */
function codeOf(error: unknown): string | undefined {
  const own = (error as { code?: unknown } | null)?.code;
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof own === 'string' ? own : cause?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The checked lookup's refusal (undici may wrap it as the cause), in words; null otherwise. */
function addressRefusalOf(error: unknown): string | null {
  const cause = error instanceof Error ? error.cause : undefined;
  for (const candidate of [error, cause]) {
    if (candidate instanceof AddressNotAllowedError) return candidate.message;
  }
  return null;
}

function failureDetail(code: string | undefined): string {
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  return code === undefined ? 'no answer' : `no answer (${code})`;
}
