import { loadActorView } from '@aiconnected/access';
import type { Db } from '@aiconnected/db';
import type { ProviderList, WorkspaceContext } from '@aiconnected/sdk-contracts';
import { readAllowedScopes } from './read-allowed-scopes';
import { PROVIDER_CONFIG_COLUMNS, type ProviderConfigRow } from './read-provider-config';
import { requireIntegrationsManager } from './require-integrations-manager';

/**
 * The providers `workspaceId` may connect (`integrations.manage` there), each with the scopes
 * it may request there (`allowed_scopes`: the config's narrowed by the credential policies on
 * its ancestry). Platform managers (`integrations.manage`, acting in the super workspace) also see the
 * disabled ones and each config's `auth_config_ref`.
 */
export async function listProviderConfigs(
  db: Db,
  actor: WorkspaceContext,
  workspaceId: string,
): Promise<ProviderList> {
  return db.withWorkspace(actor, async (tx) => {
    await requireIntegrationsManager(tx, actor, workspaceId, 'list integration providers');
    const { active } = await loadActorView(tx, actor);
    const platform =
      active?.workspace.type === 'super' && active.capabilities.includes('integrations.manage');
    const { rows } = await tx.query<ProviderConfigRow>(
      `select ${PROVIDER_CONFIG_COLUMNS} from public.integration_provider_configs
        where $1 or enabled order by provider_key`,
      [platform],
    );
    const items = [];
    for (const row of rows) {
      const base = {
        provider_key: row.provider_key,
        backend: row.backend,
        display_name: row.display_name,
        available_scopes: row.available_scopes,
        allowed_scopes: await readAllowedScopes(
          tx,
          workspaceId,
          row.provider_key,
          row.available_scopes,
        ),
        enabled: row.enabled,
      };
      items.push(platform ? { ...base, auth_config_ref: row.auth_config_ref } : base);
    }
    return { items };
  });
}
