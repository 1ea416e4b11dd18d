import { Webhook } from 'standardwebhooks';

/** The Standard Webhooks headers of one attempt. */
export interface WebhookSignatureHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Signs `body` as Standard Webhooks: `webhook-id` (the delivery id: the same on every retry
 * and replay, so a receiver can drop duplicates), `webhook-timestamp` (unix seconds of this
 * attempt) and `webhook-signature`, one `v1,<base64>` per secret (`whsec_...`, newest first;
 * two while a rotation overlaps), space-separated, so a receiver holding either verifies.
 */
export function signWebhook(
  id: string,
  at: Date,
  body: string,
  secrets: readonly string[],
): WebhookSignatureHeaders {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(id, at, body)).join(' '),
  };
}
