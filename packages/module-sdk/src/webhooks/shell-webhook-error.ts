/** Why a webhook from the shell was refused (stable: a module may branch on it). */
export type ShellWebhookErrorCode =
  | 'WEBHOOK_HEADERS_MISSING'
  | 'WEBHOOK_TIMESTAMP_OUT_OF_RANGE'
  | 'WEBHOOK_WORKSPACE_UNKNOWN'
  | 'WEBHOOK_SIGNATURE_INVALID'
  | 'WEBHOOK_PAYLOAD_INVALID';

/**
 * A refused shell webhook: `WEBHOOK_HEADERS_MISSING` (no or repeated `webhook-id`,
 * `webhook-timestamp` or `webhook-signature`), `WEBHOOK_TIMESTAMP_OUT_OF_RANGE` (older or
 * newer than the tolerance: a replay or a wrong clock), `WEBHOOK_WORKSPACE_UNKNOWN` (no
 * secret is configured for the workspace the body names), `WEBHOOK_SIGNATURE_INVALID` (no
 * signature matches that workspace's secrets: forged, altered, signed with another
 * workspace's secret, or a secret not configured), `WEBHOOK_PAYLOAD_INVALID` (over the size
 * limit, not JSON, no `workspaceid`, or signed but not an event envelope). Answer 401 to all
 * but the last and 400 to it; the shell retries what is not 2xx.
 */
export class ShellWebhookError extends Error {
  override readonly name = 'ShellWebhookError';
  readonly code: ShellWebhookErrorCode;

  constructor(code: ShellWebhookErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
