import type { Db } from '@aiconnected/db';
import { API_KEY_PATTERN, hashApiKey } from './credential-secrets';
import type { InstallationPrincipal } from './installation-principal';

interface PrincipalRow {
  installation_id: string;
  workspace_id: string;
  module_key: string;
  module_version: string;
  credential_id: string;
}

/**
 * The installation an API key (`aicm_...`, without `Bearer `) belongs to, or null: a key of
 * another shape, unknown, revoked, past its overlap (`expires_at`), or of an installation
 * that is not enabled. Looked up by its SHA-256 (unique), so no comparison leaks timing; the
 * key itself is never logged or stored.
 */
export async function authenticateInstallation(
  db: Db,
  apiKey: string,
): Promise<InstallationPrincipal | null> {
  if (!API_KEY_PATTERN.test(apiKey)) return null;
  const rows = await db.withService('authenticate a module installation key', async (tx) => {
    const result = await tx.query<PrincipalRow>(
      `select i.id as installation_id, i.workspace_id, i.module_key, i.module_version,
              c.id as credential_id
         from public.module_installation_credentials c
         join public.module_installations i on i.id = c.installation_id
                                           and i.workspace_id = c.workspace_id
        where c.secret_hash = $1 and c.kind = 'api_key'
          and c.revoked_at is null and (c.expires_at is null or c.expires_at > now())
          and i.state = 'enabled'`,
      [hashApiKey(apiKey)],
    );
    return result.rows;
  });
  const [row] = rows;
  if (!row) return null;
  return {
    installationId: row.installation_id,
    workspaceId: row.workspace_id,
    moduleKey: row.module_key,
    moduleVersion: row.module_version,
    credentialId: row.credential_id,
  };
}
