import { timingSafeEqual } from 'node:crypto';
import { eventEnvelopeSchema, type EventEnvelope } from '@aiconnected/sdk-contracts';
import { Webhook } from 'standardwebhooks';
import type { RequestHeaders } from '../verify/create-shell-verifier';
import { ShellWebhookError } from './shell-webhook-error';

export interface VerifyShellWebhookOptions {
  /**
   * The installation's webhook secrets (`whsec_...`, shown once when issued). Give every one
   * still valid: during a rotation's overlap the shell signs with both.
   */
  secrets: readonly string[];
  headers: RequestHeaders;
  /** The request body exactly as received (not re-serialized JSON). */
  body: string | Buffer;
  /** How far `webhook-timestamp` may be from now, either way (seconds; default 300). */
  toleranceSeconds?: number;
  /** The clock, for tests (ms since the epoch). */
  now?: () => number;
}

function headerOf(headers: RequestHeaders, name: string): string | undefined {
  const value = headers instanceof Headers ? headers.get(name) : headers[name];
  // Node joins nothing for unknown headers: a repeated one arrives as an array; refused.
  if (Array.isArray(value)) return undefined;
  return value === null || value === '' ? undefined : value;
}

/**
 * Verifies one webhook the shell sent this module (an event or a lifecycle action; docs/
 * events.md "Verifying webhooks"): the Standard Webhooks signature of `webhook-id`,
 * `webhook-timestamp` and the raw body against each secret (HMAC-SHA256 by the
 * `standardwebhooks` package, compared in constant time), the timestamp within the tolerance,
 * and the body against the `EventEnvelope` contract. Returns the envelope; throws
 * `ShellWebhookError`. The same `webhook-id` on a retry or replay marks a duplicate.
 */
export function verifyShellWebhook(options: VerifyShellWebhookOptions): EventEnvelope {
  const id = headerOf(options.headers, 'webhook-id');
  const timestampHeader = headerOf(options.headers, 'webhook-timestamp');
  const signatureHeader = headerOf(options.headers, 'webhook-signature');
  if (id === undefined || timestampHeader === undefined || signatureHeader === undefined) {
    throw new ShellWebhookError(
      'WEBHOOK_HEADERS_MISSING',
      'webhook-id, webhook-timestamp and webhook-signature are required (once each)',
    );
  }
  const tolerance = options.toleranceSeconds ?? 300;
  const now = Math.floor((options.now ?? Date.now)() / 1000);
  const timestamp = /^\d{1,12}$/.test(timestampHeader) ? Number(timestampHeader) : Number.NaN;
  if (Number.isNaN(timestamp) || Math.abs(now - timestamp) > tolerance) {
    throw new ShellWebhookError(
      'WEBHOOK_TIMESTAMP_OUT_OF_RANGE',
      `webhook-timestamp is not within ${tolerance} s of now`,
    );
  }
  const body = typeof options.body === 'string' ? Buffer.from(options.body) : options.body;
  const passed = signatureHeader.split(' ').map((signature) => Buffer.from(signature));
  const signedAt = new Date(timestamp * 1000);
  const matches = options.secrets.some((secret) => {
    const expected = Buffer.from(new Webhook(secret).sign(id, signedAt, body));
    return passed.some(
      (signature) => signature.length === expected.length && timingSafeEqual(signature, expected),
    );
  });
  if (!matches) {
    throw new ShellWebhookError(
      'WEBHOOK_SIGNATURE_INVALID',
      'no webhook-signature matches the configured secrets',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new ShellWebhookError('WEBHOOK_PAYLOAD_INVALID', 'the body is not JSON', {
      cause: error,
    });
  }
  const envelope = eventEnvelopeSchema.safeParse(parsed);
  if (!envelope.success) {
    throw new ShellWebhookError('WEBHOOK_PAYLOAD_INVALID', 'the body is not an event envelope', {
      cause: envelope.error,
    });
  }
  return envelope.data;
}
