import { timingSafeEqual } from 'node:crypto';
import { eventEnvelopeSchema, type EventEnvelope } from '@aiconnected/sdk-contracts';
import { Webhook } from 'standardwebhooks';
import type { RequestHeaders } from '../verify/create-shell-verifier';
import { ShellWebhookError } from './shell-webhook-error';

/** The webhook secrets (`whsec_...`) of this module's installation in one workspace. */
export type WebhookSecretsOf = (
  workspaceId: string,
) => readonly string[] | undefined | Promise<readonly string[] | undefined>;

export interface VerifyShellWebhookOptions {
  /**
   * The secrets of the installation in the workspace the body names (`workspaceid`): every one
   * still valid (during a rotation's overlap the shell signs with both); none or undefined for
   * a workspace this module is not installed in. One module server serves every workspace that
   * installs it, each with secrets of its own: only that workspace's are tried, so a secret
   * shown to one workspace's admins cannot sign a webhook for another workspace.
   */
  secretsFor: WebhookSecretsOf;
  headers: RequestHeaders;
  /** The request body exactly as received (not re-serialized JSON). */
  body: string | Buffer;
  /** How far `webhook-timestamp` may be from now, either way (seconds; default 300). */
  toleranceSeconds?: number;
  /** The largest body read (bytes; default 256 KiB; the shell's payloads are at most 64 KiB). */
  maxBytes?: number;
  /** The clock, for tests (ms since the epoch). */
  now?: () => number;
}

function headerOf(headers: RequestHeaders, name: string): string | undefined {
  const value = headers instanceof Headers ? headers.get(name) : headers[name];
  // Node joins nothing for unknown headers: a repeated one arrives as an array; refused.
  if (Array.isArray(value)) return undefined;
  return value === null || value === '' ? undefined : value;
}

/** The parsed body and the workspace it names, not yet verified. */
function claimedWorkspace(
  body: Buffer,
  maxBytes: number,
): { parsed: unknown; workspaceId: string } {
  if (body.length > maxBytes) {
    throw new ShellWebhookError('WEBHOOK_PAYLOAD_INVALID', `the body is over ${maxBytes} bytes`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new ShellWebhookError('WEBHOOK_PAYLOAD_INVALID', 'the body is not JSON', {
      cause: error,
    });
  }
  const workspaceId =
    typeof parsed === 'object' && parsed !== null && 'workspaceid' in parsed
      ? parsed.workspaceid
      : undefined;
  if (typeof workspaceId !== 'string' || workspaceId === '') {
    throw new ShellWebhookError('WEBHOOK_PAYLOAD_INVALID', 'the body names no workspaceid');
  }
  return { parsed, workspaceId };
}

/**
 * Verifies one webhook the shell sent this module (an event or a lifecycle action; docs/
 * events.md "Verifying webhooks"): the timestamp within the tolerance; the workspace the body
 * names (`workspaceid`, read before it is trusted) has secrets (`secretsFor`); the Standard
 * Webhooks signature of `webhook-id`, `webhook-timestamp` and the raw body against that
 * workspace's secrets only (HMAC-SHA256 by the `standardwebhooks` package, compared in
 * constant time), which makes `workspaceid` trustworthy; and the body against the
 * `EventEnvelope` contract. Returns the envelope; rejects with `ShellWebhookError`. The same
 * `webhook-id` on a retry or replay marks a duplicate.
 */
export async function verifyShellWebhook(
  options: VerifyShellWebhookOptions,
): Promise<EventEnvelope> {
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
  const { parsed, workspaceId } = claimedWorkspace(body, options.maxBytes ?? 256 * 1024);
  const secrets = (await options.secretsFor(workspaceId)) ?? [];
  if (secrets.length === 0) {
    throw new ShellWebhookError(
      'WEBHOOK_WORKSPACE_UNKNOWN',
      'no webhook secret is configured for the workspace the body names',
    );
  }
  const passed = signatureHeader.split(' ').map((signature) => Buffer.from(signature));
  const signedAt = new Date(timestamp * 1000);
  const matches = secrets.some((secret) => {
    const expected = Buffer.from(new Webhook(secret).sign(id, signedAt, body));
    return passed.some(
      (signature) => signature.length === expected.length && timingSafeEqual(signature, expected),
    );
  });
  if (!matches) {
    throw new ShellWebhookError(
      'WEBHOOK_SIGNATURE_INVALID',
      "no webhook-signature matches the workspace's secrets",
    );
  }
  const envelope = eventEnvelopeSchema.safeParse(parsed);
  if (!envelope.success) {
    throw new ShellWebhookError('WEBHOOK_PAYLOAD_INVALID', 'the body is not an event envelope', {
      cause: envelope.error,
    });
  }
  return envelope.data;
}
