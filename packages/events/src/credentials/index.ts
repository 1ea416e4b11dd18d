// Module installation credentials (docs/events.md "Installation credentials"): the API key a
// module's server emits events with and the secret the shell signs its webhooks with.
export {
  authenticateInstallation,
  installationUseRefusal,
  type AuthenticateInstallationOptions,
} from './authenticate-installation';
export type { InstallationPrincipal } from './installation-principal';
export { installModuleWithCredentials } from './install-module-with-credentials';
export {
  issueInstallationCredentials,
  type IssueInstallationCredentialsInput,
} from './issue-installation-credentials';
export {
  listInstallationCredentials,
  type ListInstallationCredentialsInput,
} from './list-installation-credentials';
export { webhookSecretsOf } from './webhook-secrets-of';
export {
  API_KEY_MARKER,
  API_KEY_PATTERN,
  hashApiKey,
  INSTALLATION_CREDENTIALS_SEALED_COLUMN,
  WEBHOOK_SECRET_MARKER,
} from './credential-secrets';
