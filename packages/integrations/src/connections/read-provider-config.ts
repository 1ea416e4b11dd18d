import type { Tx } from '@aiconnected/db';
import type { IntegrationBackend } from '@aiconnected/sdk-contracts';

/** One `integration_provider_configs` row. */
export interface ProviderConfigRow {
  provider_key: string;
  backend: IntegrationBackend;
  auth_config_ref: string;
  display_name: string;
  available_scopes: string[];
  enabled: boolean;
}

export const PROVIDER_CONFIG_COLUMNS =
  'provider_key, backend, auth_config_ref, display_name, available_scopes, enabled';

/** The config of `providerKey`, or null when there is none (every authenticated request may read configs). */
export async function readProviderConfig(
  tx: Tx,
  providerKey: string,
): Promise<ProviderConfigRow | null> {
  const { rows } = await tx.query<ProviderConfigRow>(
    `select ${PROVIDER_CONFIG_COLUMNS} from public.integration_provider_configs
      where provider_key = $1`,
    [providerKey],
  );
  return rows[0] ?? null;
}
