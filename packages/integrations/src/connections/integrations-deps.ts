import type { SecretKeyRing } from '@aiconnected/secrets';
import type { ProviderRegistry } from '../providers/provider-registry';

/** The subset of a pino logger the integrations package writes to; never a secret or token. */
export interface IntegrationsLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

/** What the connection functions need besides the database (built from env by the platform). */
export interface IntegrationsDeps {
  providers: ProviderRegistry;
  /** Seals and opens `integration_connections.sealed_secret` (SHELL_SECRET_KEYS). */
  secretKeys: SecretKeyRing;
  /** The origin the provider sends the browser back to (PLATFORM_AUTH_CALLBACK_URL's origin). */
  callbackBaseUrl: string;
  logger: IntegrationsLogger;
}

/** The callback path of the composio backend, under the platform's origin. */
export const COMPOSIO_CALLBACK_PATH = '/api/integrations/providers/composio/callback';
