// Connections to providers (connect, OAuth callback, disconnect, list, status refresh), the
// provider backends they run on and their sealed secrets.
export {
  ProviderUnavailableError,
  type InitiateInput,
  type InitiateResult,
  type IntegrationProvider,
  type ProviderCredential,
  type ProviderStatus,
  type ProviderUnavailableReason,
} from '../providers/provider';
export {
  createComposioClient,
  type ComposioAccount,
  type ComposioClient,
  type ComposioClientOptions,
  type ComposioLink,
} from '../providers/composio-client';
export { createComposioProvider } from '../providers/composio-provider';
export {
  createProviderRegistry,
  type ProviderRegistry,
  type ProviderRegistryConfig,
} from '../providers/provider-registry';
export {
  connectionSecretAad,
  INTEGRATION_CONNECTIONS_SEALED_COLUMN,
  openConnectionSecret,
  sealConnectionSecret,
  type ConnectionSecretRow,
} from '../secrets/connection-secrets';
