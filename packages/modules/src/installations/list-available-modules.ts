import semver from 'semver';
import type { Db, Tx } from '@aiconnected/db';
import {
  loadActorView,
  requireWorkspaceAccess,
  type ActorWorkspaceAccess,
} from '@aiconnected/access';
import { readEntitlement } from '@aiconnected/billing';
import type {
  ModuleAvailability,
  ModuleAvailabilityList,
  ModuleHealth,
  ModuleInstallationState,
  ModuleManifest,
  WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import type { GoverningMembership } from '@aiconnected/permissions';
import { breakerColumnsOf, toModuleBreaker, type BreakerColumns } from './module-breaker';
import { moduleUseRefusal } from './module-use-refusal';
import { moduleNavigationEntries } from '../navigation/module-navigation-entries';

export interface ListAvailableModulesInput {
  actor: WorkspaceContext;
  workspaceId: string;
}

interface AvailabilityRow extends BreakerColumns {
  module_key: string;
  current_version: string;
  /** The installed version's manifest, else the current version's. */
  manifest: ModuleManifest;
  /** The current version's configSchema (what an install would be checked against). */
  config_schema: ModuleManifest['configSchema'];
  state: ModuleInstallationState | null;
  /** Whether an installed (not uninstalled) version's manifest was found. */
  installed: boolean;
  installed_version: string | null;
  previous_version: string | null;
  health_status: 'healthy' | 'unhealthy' | null;
  checked_at: Date | null;
  http_status: number | null;
  latency_ms: number | null;
  detail: string | null;
  token_permissions: string[] | null;
}

const MODULE_CAPABILITIES = ['modules.install', 'modules.enable', 'modules.disable'] as const;

/**
 * Every registered module with its state in a workspace (`GET /modules/available`): any member
 * who can see the workspace (`WORKSPACE_FORBIDDEN` otherwise). A caller holding none of
 * modules.install/enable/disable there sees the enabled modules only. Each item carries its
 * installed and current version, whether an upgrade is available (the current version is
 * newer by semver), the last health check of
 * the installed (else current) version, `blocked_by` for a paid module the workspace's billing
 * no longer lets it use (`moduleUseRefusal`: suspended, canceled, no account; grace allows
 * use), and, when enabled and not blocked, the admin layer's navigation entries the caller's
 * role may open (`minimumRole` of the linked page, default `member`),
 * ordered by `order`, then label; the gateway's circuit breaker of that version (`health.breaker`,
 * closed when never recorded); for an installed module the permissions granted to its UI
 * tokens (`token_permissions`) and those the installed manifest lets an admin grant
 * (`requestable_permissions`, its `permissions`), [] otherwise. An empty registry answers no
 * items (module-absent mode).
 * The layout makes this call on every page, so each row carries one manifest (the installed
 * version's, else the current one's) and only the current version's configSchema
 * (`npm run bench:modules`, bench/README.md).
 */
export async function listAvailableModules(
  db: Db,
  input: ListAvailableModulesInput,
): Promise<ModuleAvailabilityList> {
  const { actor, workspaceId } = input;
  return db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    const access = await requireWorkspaceAccess(view, workspaceId);
    return {
      workspace_id: workspaceId,
      items: await readModuleAvailability(tx, access, workspaceId, null),
    };
  });
}

/**
 * `listAvailableModules`'s items in `tx` for a caller whose access to `workspaceId` is
 * `access` (checked by the caller): every registered module, or only `moduleKey`'s.
 */
export async function readModuleAvailability(
  tx: Tx,
  access: ActorWorkspaceAccess,
  workspaceId: string,
  moduleKey: string | null,
): Promise<ModuleAvailability[]> {
  const manages = MODULE_CAPABILITIES.some((capability) =>
    access.capabilities.includes(capability),
  );
  // Named: parsed once per connection and its plan reused (the layout asks on every page).
  const { rows } = await tx.query<AvailabilityRow>({
    name: 'modules:list-available',
    text: `select c.module_key, c.current_version,
            coalesce(inst.manifest_json, cur.manifest_json) as manifest,
            cur.manifest_json -> 'configSchema' as config_schema,
            i.state, inst.version is not null as installed,
            i.module_version as installed_version, i.previous_version,
            h.status as health_status, h.checked_at, h.http_status, h.latency_ms, h.detail,
            ${breakerColumnsOf('h')}, i.token_permissions
       from public.module_catalog c
       join public.module_registry cur on cur.module_key = c.module_key and cur.version = c.current_version
       left join public.module_installations i on i.module_key = c.module_key and i.workspace_id = $1
       left join public.module_registry inst on inst.module_key = i.module_key
                                            and inst.version = i.module_version
                                            and i.state <> 'uninstalled'
       left join public.module_target_health h
              on h.module_key = c.module_key
             and h.version = coalesce(inst.version, c.current_version)
      where ($2 or i.state = 'enabled') and ($3::text is null or c.module_key = $3)
      order by c.module_key`,
    values: [workspaceId, manages, moduleKey],
  });
  // PRD §23.2: paid modules are not usable on a suspended, canceled or missing entitlement.
  // Read once, and only when a paid module is listed.
  const refusal = rows.some((row) => row.manifest.paid === true)
    ? moduleUseRefusal(await readEntitlement(tx, workspaceId))
    : null;
  const blockedBy =
    refusal === null
      ? null
      : {
          code: refusal.code as 'BILLING_SUSPENDED' | 'BILLING_REQUIRED',
          reason: refusal.details.reason as 'suspended' | 'canceled' | 'no_account',
        };
  return rows.map((row) =>
    toAvailability(
      row,
      workspaceId,
      access.memberships,
      row.manifest.paid === true ? blockedBy : null,
    ),
  );
}

function toAvailability(
  row: AvailabilityRow,
  workspaceId: string,
  memberships: readonly GoverningMembership[],
  blockedBy: ModuleAvailability['blocked_by'],
): ModuleAvailability {
  const { manifest } = row;
  const installedVersion = row.installed ? row.installed_version : null;
  return {
    module_key: row.module_key,
    name: manifest.name,
    description: manifest.description,
    state: row.state ?? 'not_installed',
    version: installedVersion,
    previous_version: installedVersion === null ? null : row.previous_version,
    current_version: row.current_version,
    // By semver: after a registry rollback the current version can be lower than the installed one.
    upgrade_available:
      installedVersion !== null && semver.gt(row.current_version, installedVersion),
    paid: manifest.paid === true,
    config_schema: row.config_schema,
    health: toHealth(row),
    token_permissions: installedVersion === null ? [] : (row.token_permissions ?? []),
    requestable_permissions: installedVersion === null ? [] : [...manifest.permissions],
    navigation:
      row.state === 'enabled' && blockedBy === null
        ? moduleNavigationEntries(manifest, workspaceId, memberships)
        : [],
    blocked_by: blockedBy,
  };
}

function toHealth(row: AvailabilityRow): ModuleHealth {
  return {
    status: row.health_status ?? 'unknown',
    checked_at: row.checked_at?.toISOString() ?? null,
    http_status: row.http_status,
    latency_ms: row.latency_ms,
    detail: row.detail,
    breaker: toModuleBreaker(row),
  };
}
