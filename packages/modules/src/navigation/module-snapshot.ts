import type { Tx } from '@aiconnected/db';
import { asServiceRole } from '@aiconnected/db';
import { readEntitlement, type Entitlement } from '@aiconnected/billing';
import type {
  ModuleInstallationState,
  ModuleManifest,
  ModuleNavigationItem,
  ModulePage,
} from '@aiconnected/sdk-contracts';
import { snapshotManifestOf } from './snapshot-manifest-of';

/**
 * The part of an installed manifest that navigation and the page lookup read: id, name, paid,
 * the admin pages (path, title, minimumRole) and the admin navigation. Nothing else (events,
 * configSchema, routes, the site layer) is kept, so a cached snapshot stays small.
 */
export interface SnapshotManifest {
  id: string;
  name: string;
  paid: boolean;
  admin: { pages: ModulePage[]; navigation: ModuleNavigationItem[] };
}

/** One registered module as a workspace has it. */
export interface SnapshotModule {
  /** Its installation's state there; null: never installed. */
  state: ModuleInstallationState | null;
  /** The installed version; null: never installed. */
  version: string | null;
  /** The installed version's manifest (its `SnapshotManifest`) when enabled there, else null. */
  manifest: SnapshotManifest | null;
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
