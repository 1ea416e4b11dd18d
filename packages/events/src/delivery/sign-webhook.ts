import { createHmac, createSecretKey } from 'node:crypto';

/** The Standard Webhooks headers of one attempt. */
export interface WebhookSignatureHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** Signs one attempt's body (see `webhookSigner`). */
export type WebhookSigner = (id: string, at: Date, body: string) => WebhookSignatureHeaders;

const SECRET_PREFIX = 'whsec_';

/**
 * A signer for an installation's active secrets (`whsec_<base64>`, newest first; two while a
 * rotation overlaps), their keys decoded once. Each attempt gets Standard Webhooks' headers:
 * `webhook-id` (the delivery id: the same on every retry and replay, so a receiver can drop
 * duplicates), `webhook-timestamp` (unix seconds of this attempt) and `webhook-signature`, one
 * `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">` per secret, space-separated, so a
 * receiver holding either verifies. Node's HMAC, not the `standardwebhooks` package's pure-JS
 * SHA-256 (about ten times the CPU per delivery); the tests verify its output with that
 * package, as modules do.
 */
export function webhookSigner(secrets: readonly string[]): WebhookSigner {
  const keys = secrets.map((secret) =>
    createSecretKey(
      Buffer.from(
        secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret,
        'base64',
      ),
    ),
  );
  return (id, at, body) => {
    const timestamp = String(Math.floor(at.getTime() / 1000));
    const signatures = keys.map(
      (key) =>
        `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64')}`,
    );
    return {
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      'webhook-signature': signatures.join(' '),
    };
  };
}
