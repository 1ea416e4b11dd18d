import { loadActorView, recordAudit, requirePlatformCapability } from '@aiconnected/access';
import type { Db } from '@aiconnected/db';
import {
  ShellError,
  type ProviderConfigAdmin,
  type PutProviderConfigRequest,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { ProviderUnavailableError } from '../providers/provider';
import type { IntegrationsDeps } from './integrations-deps';
import {
  PROVIDER_CONFIG_COLUMNS,
  readProviderConfig,
  type ProviderConfigRow,
} from './read-provider-config';

const FIELDS = [
  'backend',
  'auth_config_ref',
  'display_name',
  'available_scopes',
  'enabled',
] as const;

/**
 * Creates or changes the config of `providerKey` (platform only: `integrations.manage`, acting in
 * the super workspace, `PERMISSION_DENIED` otherwise). The backend is asked first whether the auth
 * config exists and belongs to the provider's toolkit (`VALIDATION_BLOCKING`
 * `details.field: auth_config_ref` otherwise; the backend unusable: 503
 * INTEGRATION_PROVIDER_UNAVAILABLE). Audited as `integration.provider_config_update` with the
 * keys that changed. Allowed scopes are the workspace's business (list), so the answer's
 * `allowed_scopes` is the config's `available_scopes`.
 */
export async function putProviderConfig(
  db: Db,
  deps: IntegrationsDeps,
  actor: WorkspaceContext,
  providerKey: string,
  body: PutProviderConfigRequest,
  correlationId: string,
): Promise<ProviderConfigAdmin> {
  const superWorkspaceId = await db.withWorkspace(actor, async (tx) => {
    const active = requirePlatformCapability(
      await loadActorView(tx, actor),
      'integrations.manage',
      'change integration providers',
    );
    return active.workspace.id;
  });
  let toolkit: string | null;
  try {
    toolkit = await deps.providers
      .providerFor(body.backend)
      .authConfigToolkit(body.auth_config_ref);
  } catch (error) {
    if (error instanceof ProviderUnavailableError) throw error.toShellError();
    throw error;
  }
  if (toolkit !== providerKey) {
    throw new ShellError('VALIDATION_BLOCKING', 'auth config unknown or of another toolkit', {
      details: { field: 'auth_config_ref', toolkit },
      userMessage:
        toolkit === null
          ? 'The backend has no such auth config.'
          : `That auth config is for ${toolkit}, not ${providerKey}.`,
    });
  }
  return db.withWorkspace(actor, async (tx) => {
    const before = await readProviderConfig(tx, providerKey);
    const { rows } = await tx.query<ProviderConfigRow>(
      `insert into public.integration_provider_configs
         (provider_key, backend, auth_config_ref, display_name, available_scopes, enabled, updated_by_user_id)
       values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (provider_key) do update
         set backend = excluded.backend, auth_config_ref = excluded.auth_config_ref,
             display_name = excluded.display_name, available_scopes = excluded.available_scopes,
             enabled = excluded.enabled, updated_by_user_id = excluded.updated_by_user_id
       returning ${PROVIDER_CONFIG_COLUMNS}`,
      [
        providerKey,
        body.backend,
        body.auth_config_ref,
        body.display_name,
        JSON.stringify(body.available_scopes),
        body.enabled,
        actor.user_id,
      ],
    );
    const row = rows[0];
    if (row === undefined) throw new Error('put provider config: no row written');
    const changed = FIELDS.filter(
      (field) => before === null || JSON.stringify(before[field]) !== JSON.stringify(row[field]),
    );
    await recordAudit(tx, actor, {
      workspaceId: superWorkspaceId,
      action: 'integration.provider_config_update',
      targetType: 'integration_provider_config',
      targetId: providerKey,
      metadata: { provider_key: providerKey, changed },
      correlationId,
    });
    return { ...row, allowed_scopes: row.available_scopes };
  });
}
