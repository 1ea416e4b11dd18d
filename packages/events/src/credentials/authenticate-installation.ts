import type { Db } from '@aiconnected/db';
import { paidModuleUseRefusal, type ModuleSnapshotCache } from '@aiconnected/modules';
import { ShellError } from '@aiconnected/sdk-contracts';
import { API_KEY_PATTERN, hashApiKey } from './credential-secrets';
import type { InstallationPrincipal } from './installation-principal';
import { isPaidModuleVersion } from './module-version-paid';

interface PrincipalRow {
  installation_id: string;
  workspace_id: string;
  module_key: string;
  module_version: string;
  credential_id: string;
  workspace_status: string;
}

export interface AuthenticateInstallationOptions {
  /**
   * The process's module snapshot cache (the gateway's): a paid module's entitlement is read
   * from it while it is `active`; else (absent, not listening, or the workspace last seen in
   * grace) `readEntitlement` in a service transaction (`paidModuleUseRefusal`).
   */
  snapshots?: Pick<ModuleSnapshotCache, 'snapshotOf' | 'active'>;
}

/**
 * The installation an API key (`aicm_...`, without `Bearer `) belongs to, or null: a key of
 * another shape, unknown, revoked, past its overlap (`expires_at`), or of an installation
 * that is not enabled. Looked up by its SHA-256 (unique), so no comparison leaks timing; the
 * key itself is never logged or stored. One prepared statement (`shell.authenticate_module_key`,
 * migrations 043/047/052, through `db.callService`), paid by every module-key request of the events
 * API that looks its key up: a POST /events or POST /events/batch whose key has no prediction in
 * this process yet or whose prediction no longer holds. A warm one skips it: the app predicts the
 * key's principal and migration 058's `shell.emit_module_event` (060's `shell.emit_module_events`
 * for a batch) checks the key inside the emit's own statement (docs/events.md "Installation
 * credentials"). Whether the version is paid
 * is read once per module version (`isPaidModuleVersion`).
 *
 * A valid key whose module may not act now throws instead (docs/events.md "Installation
 * credentials"), as a person of that workspace or the gateway would be refused:
 * - its workspace is not active: `WORKSPACE_FORBIDDEN` with `details.reason`
 *   `workspace_suspended` / `workspace_archived` (the workspace's own status, the rule of
 *   governing memberships: its members govern nothing while it is suspended or archived);
 * - a paid module (its installed version's manifest says `paid: true`) whose workspace's
 *   billing does not allow its use: `BILLING_SUSPENDED` / `BILLING_REQUIRED`
 *   (`paidModuleUseRefusal`, the gateway's `moduleUseRefusal`: grace still allows use). A free
 *   module reads no billing.
 */
export async function authenticateInstallation(
  db: Db,
  apiKey: string,
  options: AuthenticateInstallationOptions = {},
): Promise<InstallationPrincipal | null> {
  if (!API_KEY_PATTERN.test(apiKey)) return null;
  const [row] = await db.callService<PrincipalRow>(
    'authenticate a module installation key',
    'shell.authenticate_module_key',
    [hashApiKey(apiKey)],
  );
  if (!row) return null;
  if (row.workspace_status !== 'active') throw workspaceNotActive(row);
  const principal: InstallationPrincipal = {
    installationId: row.installation_id,
    workspaceId: row.workspace_id,
    moduleKey: row.module_key,
    moduleVersion: row.module_version,
    credentialId: row.credential_id,
  };
  const refusal = await installationUseRefusal(db, principal, options);
  if (refusal !== null) throw refusal;
  return principal;
}

/**
 * Why `installation`'s module may not act now for its billing, or null: a paid module (its
 * installed version's manifest says `paid: true`, `isPaidModuleVersion`) whose workspace's
 * billing does not allow its use (`paidModuleUseRefusal`); a free module reads no billing. The
 * check `authenticateInstallation` makes after the key's lookup, also made on a predicted
 * principal before its one-statement emit (docs/events.md "Installation credentials").
 */
export async function installationUseRefusal(
  db: Db,
  installation: InstallationPrincipal,
  options: AuthenticateInstallationOptions = {},
): Promise<ShellError | null> {
  if (!(await isPaidModuleVersion(db, installation.moduleKey, installation.moduleVersion))) {
    return null;
  }
  return paidModuleUseRefusal(db, installation.workspaceId, options.snapshots);
}

/** A valid key of an installation whose workspace is suspended or archived. */
function workspaceNotActive(row: PrincipalRow): ShellError {
  const status = row.workspace_status;
  return new ShellError(
    'WORKSPACE_FORBIDDEN',
    `module ${row.module_key} key of installation ${row.installation_id}: workspace ${row.workspace_id} is ${status}`,
    {
      userMessage: `This module's workspace is ${status}: its modules cannot act until it is reactivated.`,
      details: { reason: `workspace_${status}` },
    },
  );
}
