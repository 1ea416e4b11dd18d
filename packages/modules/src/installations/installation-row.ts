import type { Tx } from '@aiconnected/db';
import type {
  JsonObject,
  ModuleInstallationState,
  ModuleInstallationStateView,
} from '@aiconnected/sdk-contracts';

/** A `module_installations` row as the installation functions read it. */
export interface InstallationRow {
  id: string;
  workspace_id: string;
  module_key: string;
  module_version: string;
  previous_version: string | null;
  state: ModuleInstallationState;
  config_json: JsonObject;
  state_changed_at: Date;
  enabled_at: Date | null;
  /** The permissions granted to the module's UI tokens here (migration 039). */
  token_permissions: string[];
}

export const INSTALLATION_COLUMNS = `i.id, i.workspace_id, i.module_key, i.module_version,
  i.previous_version, i.state, i.config_json, i.state_changed_at, i.enabled_at,
  i.token_permissions`;

/**
 * The SQL of an installation's UI token grants kept on a move to another version (upgrade,
 * rollback): those the new manifest still declares (`$param`, its `permissions`), in their
 * order; a grant the new version no longer requests is dropped, never carried over.
 */
export const keptTokenPermissions = (param: string) =>
  `array(select p from unnest(i.token_permissions) with ordinality as t(p, n)
          where p = any(${param}::text[]) order by n)`;

/**
 * The installation of `moduleKey` in `workspaceId`, locked for this transaction (`FOR
 * UPDATE`): a concurrent transition of the same row waits, then sees the new state (and is
 * refused by the transition table, never a 500). Null when the workspace never installed it.
 * RLS-filtered: callers check the actor's access first.
 */
export async function lockInstallation(
  tx: Tx,
  workspaceId: string,
  moduleKey: string,
): Promise<InstallationRow | null> {
  return selectInstallation(tx, workspaceId, moduleKey, 'for update');
}

/**
 * The installation of `moduleKey` in `workspaceId` as it is now, without a lock (for checks
 * made before a slow step that no row lock may span: the enable's health check). Whatever is
 * decided from it is checked again under `lockInstallation` before anything is written.
 */
export async function readInstallation(
  tx: Tx,
  workspaceId: string,
  moduleKey: string,
): Promise<InstallationRow | null> {
  return selectInstallation(tx, workspaceId, moduleKey, '');
}

async function selectInstallation(
  tx: Tx,
  workspaceId: string,
  moduleKey: string,
  locking: 'for update' | '',
): Promise<InstallationRow | null> {
  const { rows } = await tx.query<InstallationRow>(
    `select ${INSTALLATION_COLUMNS} from public.module_installations i
      where i.workspace_id = $1 and i.module_key = $2
      ${locking}`,
    [workspaceId, moduleKey],
  );
  return rows[0] ?? null;
}

/** The API's view of an installation row. */
export function toInstallationStateView(row: InstallationRow): ModuleInstallationStateView {
  return {
    workspace_id: row.workspace_id,
    module_key: row.module_key,
    state: row.state,
    version: row.module_version,
    previous_version: row.previous_version,
    config: row.config_json,
    state_changed_at: row.state_changed_at.toISOString(),
    enabled_at: row.enabled_at?.toISOString() ?? null,
  };
}
