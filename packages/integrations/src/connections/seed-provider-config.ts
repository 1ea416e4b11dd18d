import type { Db } from '@aiconnected/db';

/** A provider config as a local start seeds it. */
export interface SeededProviderConfig {
  providerKey: string;
  authConfigRef: string;
  displayName: string;
  availableScopes: readonly string[];
}

/**
 * The provider config the local platform starts with (design 13 §7): GitHub on the built-in
 * Composio stand-in's auth config, so a new checkout can connect an account end to end.
 */
export const LOCAL_GITHUB_PROVIDER: SeededProviderConfig = {
  providerKey: 'github',
  authConfigRef: 'ac_standin_github',
  displayName: 'GitHub',
  availableScopes: ['repo', 'read:user', 'user:email'],
};

/**
 * Creates `config` as the service unless a config of its provider exists (one a super admin
 * changed is left as it is); whether it was created.
 */
export async function seedProviderConfig(db: Db, config: SeededProviderConfig): Promise<boolean> {
  return db.withService('seed a local provider config', async (tx) => {
    const { rowCount } = await tx.query(
      `insert into public.integration_provider_configs
         (provider_key, backend, auth_config_ref, display_name, available_scopes)
       values ($1, 'composio', $2, $3, $4)
       on conflict (provider_key) do nothing`,
      [
        config.providerKey,
        config.authConfigRef,
        config.displayName,
        JSON.stringify(config.availableScopes),
      ],
    );
    return (rowCount ?? 0) > 0;
  });
}
