import {
  describeCredentialPolicy,
  type CredentialPolicy,
  type IntegrationConnection,
  type ProviderConfig,
} from '@aiconnected/sdk-contracts';

// What the integrations screens' tests render: the GitHub provider, a connection of it and a
// credential policy, as the API answers them.

export const GITHUB: ProviderConfig = {
  provider_key: 'github',
  backend: 'composio',
  display_name: 'GitHub',
  available_scopes: ['repo', 'read:user', 'user:email'],
  allowed_scopes: ['repo', 'read:user'],
  enabled: true,
};

/** An active GitHub connection (`main`) of `workspaceId`, with `overrides`. */
export const connectionOf = (
  workspaceId: string,
  overrides: Partial<IntegrationConnection> = {},
): IntegrationConnection => ({
  id: '11111111-1111-4111-8111-111111111111',
  workspace_id: workspaceId,
  backend: 'composio',
  provider_key: 'github',
  provider_account_ref: 'main',
  display_name: null,
  status: 'active',
  scopes: ['repo'],
  connected_at: '2026-12-07T10:00:00Z',
  status_checked_at: '2026-12-07T10:05:00Z',
  credential_expires_at: null,
  last_error: null,
  created_at: '2026-12-07T09:59:00Z',
  ...overrides,
});

/** The GitHub policy of `workspaceId` (the default: no row, version 0), with `overrides`. */
export const policyOf = (
  workspaceId: string,
  overrides: Partial<Omit<CredentialPolicy, 'effective'>> = {},
): CredentialPolicy => {
  const fields = {
    id: null,
    workspace_id: workspaceId,
    provider_key: 'github',
    version: 0,
    resolution_order: ['business', 'agency', 'super'] as CredentialPolicy['resolution_order'],
    allow_parent_fallback: false,
    fallback_when_invalid: false,
    allowed_scopes: null,
    ...overrides,
  };
  return { ...fields, effective: describeCredentialPolicy(fields) };
};
