import type { Tx } from '@aiconnected/db';
import { asServiceRole } from '@aiconnected/db';
import { readEntitlement, type Entitlement } from '@aiconnected/billing';
import type {
  JsonObject,
  MinimumRole,
  ModuleInstallationState,
  ModuleManifest,
  ModuleNavigationItem,
  ModulePage,
} from '@aiconnected/sdk-contracts';
import type { SettingsObjectShape } from './settings-shape';
import { snapshotManifestOf } from './snapshot-manifest-of';

/** An admin API route as the gateway enforces it. */
export interface SnapshotApiRoute {
  method: string;
  path: string;
  minimumRole: MinimumRole;
  permissions?: string[];
}

/**
 * The part of an installed manifest that navigation, the page lookup, the gateway and the
 * module UI runtime read: id, name, paid, `permissions`, `capabilities`, the admin pages (path,
 * title, minimumRole), navigation and API routes (method, path, minimumRole, permissions), the
 * runtime target, the frontend entry URL and `settings` (which config keys the module UI may
 * read: `settingsShapeOf` the configSchema, no `writeOnly` secret). Nothing else (events, the
 * configSchema itself, descriptions, the site layer) is kept, so a cached snapshot stays small.
 */
export interface SnapshotManifest {
  id: string;
  name: string;
  paid: boolean;
  permissions: string[];
  capabilities: string[];
  admin: { pages: ModulePage[]; navigation: ModuleNavigationItem[]; apiRoutes: SnapshotApiRoute[] };
  target: { baseUrl: string; healthPath: string; timeoutMs?: number };
  frontend: { entryUrl: string } | null;
  settings: SettingsObjectShape;
}

/** One registered module as a workspace has it. */
export interface SnapshotModule {
  /** Its installation's state there; null: never installed. */
  state: ModuleInstallationState | null;
  /** The installed version; null: never installed. */
  version: string | null;
  /** The installed version's manifest (its `SnapshotManifest`) when enabled there, else null. */
  manifest: SnapshotManifest | null;
  /** The installation's config when enabled there, else null. */
  config: JsonObject | null;
  /** The permissions granted to the module's UI tokens there when enabled, else []. */
  tokenPermissions: string[];
}

/**
 * What every module-aware page load needs of one workspace, the same for every caller (role
 * filtering is per request): each module with a registered current version (module_catalog),
 * by key, with its state there and, when enabled, its installed manifest; and the billing
 * entitlement that blocks paid modules, read only when an enabled module is paid.
 */
export interface ModuleSnapshot {
  workspaceId: string;
  /** Its parent (a business's agency, whose billing account it falls back on), or null. */
  parentWorkspaceId: string | null;
  /** By module key, in key order. */
  modules: ReadonlyMap<string, SnapshotModule>;
  /** `readEntitlement` of the workspace when an enabled module is paid; else null (not read). */
  entitlement: Entitlement | null;
}

interface SnapshotRow {
  module_key: string;
  state: ModuleInstallationState | null;
  version: string | null;
  manifest: ModuleManifest | null;
  config: JsonObject | null;
  token_permissions: string[] | null;
  parent_workspace_id: string | null;
}

/**
 * The module snapshot of `workspaceId`, read as the service inside `tx` (a `withWorkspace`
 * transaction after the caller's access was checked, or a `withService` one for the process's
 * cache): one named statement, plus `readEntitlement` when an enabled module is paid. Only
 * registered manifests are read (an installed version is always a registered one).
 */
export async function readModuleSnapshot(tx: Tx, workspaceId: string): Promise<ModuleSnapshot> {
  const rows = await asServiceRole(
    tx,
    'modules: read the module snapshot of a workspace',
    async () => {
      const result = await tx.query<SnapshotRow>({
        name: 'modules:read-snapshot',
        text: `select c.module_key, i.state, i.module_version as version,
                    case when i.state = 'enabled' then r.manifest_json end as manifest,
                    case when i.state = 'enabled' then i.config_json end as config,
                    case when i.state = 'enabled' then i.token_permissions end as token_permissions,
                    (select w.parent_workspace_id from public.workspaces w where w.id = $1)
                      as parent_workspace_id
               from public.module_catalog c
               left join public.module_installations i
                      on i.module_key = c.module_key and i.workspace_id = $1
               left join public.module_registry r
                      on r.module_key = i.module_key and r.version = i.module_version
                     and r.status = 'registered'
              order by c.module_key`,
        values: [workspaceId],
      });
      return result.rows;
    },
  );
  const modules = new Map<string, SnapshotModule>(
    rows.map((row) => [
      row.module_key,
      {
        state: row.state,
        version: row.version,
        manifest: row.manifest === null ? null : snapshotManifestOf(row.manifest),
        config: row.config,
        tokenPermissions: row.token_permissions ?? [],
      },
    ]),
  );
  // After our own service read: readEntitlement switches the role itself.
  const paidEnabled = rows.some((row) => row.manifest?.paid === true);
  return {
    workspaceId,
    parentWorkspaceId: rows[0]?.parent_workspace_id ?? null,
    modules,
    entitlement: paidEnabled ? await readEntitlement(tx, workspaceId) : null,
  };
}
