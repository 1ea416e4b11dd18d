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
export {
  COMPOSIO_CALLBACK_PATH,
  type IntegrationsDeps,
  type IntegrationsLogger,
} from './integrations-deps';
export { CONNECTION_TRANSITIONS, transitionConnection } from './connection-transitions';
export { connectIntegration, DEFAULT_RETURN_PATH } from './connect-integration';
export { handleOAuthCallback, type OAuthCallbackResult } from './handle-oauth-callback';
export { disconnectIntegration, REVOKE_PENDING } from './disconnect-integration';
export { listConnections } from './list-connections';
export { listProviderConfigs } from './list-provider-configs';
export { putProviderConfig } from './put-provider-config';
export { refreshConnectionStatus, type RefreshCause } from './refresh-connection-status';
export {
  consumeOAuthState,
  issueOAuthState,
  OAUTH_STATE_TTL_MS,
  type ConsumedOAuthState,
  type OAuthStateRefusal,
} from '../oauth/oauth-states';
export {
  createIntegrationsRuntime,
  INTEGRATIONS_QUEUES,
  type IntegrationsRuntime,
  type IntegrationsRuntimeOptions,
} from '../jobs/create-integrations-runtime';
export { refreshDueConnections, type RefreshTick } from '../jobs/refresh-due-connections';
export { pruneOAuthStates } from '../jobs/prune-oauth-states';
export {
  LOCAL_GITHUB_PROVIDER,
  seedProviderConfig,
  type SeededProviderConfig,
} from './seed-provider-config';
