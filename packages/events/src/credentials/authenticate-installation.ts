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
 * key itself is never logged or stored. One prepared statement (`shell.authenticate_module_key`,
 * migration 043, through `db.callService`): every module emit request pays it.
 */
export async function authenticateInstallation(
  db: Db,
  apiKey: string,
): Promise<InstallationPrincipal | null> {
  if (!API_KEY_PATTERN.test(apiKey)) return null;
  const [row] = await db.callService<PrincipalRow>(
    'authenticate a module installation key',
    'shell.authenticate_module_key',
    [hashApiKey(apiKey)],
  );
  if (!row) return null;
  return {
    installationId: row.installation_id,
    workspaceId: row.workspace_id,
    moduleKey: row.module_key,
    moduleVersion: row.module_version,
    credentialId: row.credential_id,
  };
}
