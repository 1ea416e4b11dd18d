// What a module's server needs for the shell's event bus (docs/events.md): verifying the
// webhooks the shell sends it, and emitting events with its installation's API key.
export {
  verifyShellWebhook,
  type VerifyShellWebhookOptions,
  type WebhookSecretsOf,
} from './verify-shell-webhook';
export { ShellWebhookError, type ShellWebhookErrorCode } from './shell-webhook-error';
export {
  createShellEventsClient,
  ShellEventsError,
  type ShellEventsClient,
  type ShellEventsClientOptions,
  type ShellEventToEmit,
} from './create-shell-events-client';
