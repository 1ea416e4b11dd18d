import type { IntegrationBackend } from '@aiconnected/sdk-contracts';
import { createComposioClient, type ComposioClientOptions } from './composio-client';
import { createComposioProvider } from './composio-provider';
import { ProviderUnavailableError, type IntegrationProvider } from './provider';

/** The backends the shell can use, as configured. */
export interface ProviderRegistry {
  /** The backend's provider; throws `ProviderUnavailableError('not_configured')` when it is not set up. */
  providerFor(backend: IntegrationBackend): IntegrationProvider;
  close(): Promise<void>;
}

export interface ProviderRegistryConfig {
  /** COMPOSIO_BASE_URL and COMPOSIO_API_KEY; null when not configured. */
  composio: ComposioClientOptions | null;
  /** For tests: replaces a backend's provider. */
  overrides?: Partial<Record<IntegrationBackend, IntegrationProvider>>;
}

/** A registry over the configured backends (one keep-alive client each). */
export function createProviderRegistry(config: ProviderRegistryConfig): ProviderRegistry {
  const client = config.composio === null ? null : createComposioClient(config.composio);
  const composio =
    config.overrides?.composio ?? (client === null ? null : createComposioProvider(client));
  return {
    providerFor(backend) {
      if (backend === 'composio' && composio !== null) return composio;
      throw new ProviderUnavailableError(
        'not_configured',
        `integrations: backend ${backend} is not configured`,
      );
    },
    close: async () => {
      await client?.close();
    },
  };
}
