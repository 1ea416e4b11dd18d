import type { Db, Tx } from '@aiconnected/db';
import { loadActorView, recordAudit, translateWriteError } from '@aiconnected/access';
import {
  ShellError,
  type JsonObject,
  type ModuleInstallationStateView,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { requireTransition } from './apply-transition';
import { emitLifecycleEvent } from './emit-lifecycle-event';
import {
  INSTALLATION_COLUMNS,
  lockInstallation,
  toInstallationStateView,
  type InstallationRow,
} from './installation-row';
import { readRegisteredModule } from './read-registered-module';
import { requireModuleManager } from './require-module-manager';
import { validateInstallationConfig } from './validate-installation-config';

export interface InstallModuleInput {
  actor: WorkspaceContext;
  workspaceId: string;
  moduleKey: string;
  /** Validated against the manifest's configSchema; default `{}`. */
  config?: JsonObject;
  correlationId: string;
}

/**
 * Installs a module in a workspace at the registry's current version (`POST
 * /modules/{key}/install`): `modules.install` there (`requireModuleManager`: scope, capability,
 * the agency's policy for a business), `MODULE_NOT_REGISTERED` for an unknown key, the config
 * valid against the manifest's configSchema (`VALIDATION_BLOCKING` with `body.config.<key>...`
 * paths), `CONFLICT` unless it was never installed or is uninstalled (two installs at once:
 * one wins, the other is a `CONFLICT`). Installed is not enabled: nothing shows until then.
 * Audited as `module.install` (the config's keys, never its values); emits `module.installed`
 * (and the module's install callback) in the same transaction.
 */
export async function installModule(
  db: Db,
  input: InstallModuleInput,
): Promise<ModuleInstallationStateView> {
  const { actor, moduleKey, workspaceId } = input;
  const config = input.config ?? {};
  return db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    await requireModuleManager(tx, view, workspaceId, 'modules.install', 'installing a module');
    const module = await readRegisteredModule(tx, moduleKey);
    validateInstallationConfig(module.manifest, config);
    const row = await lockInstallation(tx, workspaceId, moduleKey);
    const to = requireTransition(moduleKey, row, 'install');
    const installed = await writeInstallation(tx, {
      row,
      workspaceId,
      moduleKey,
      version: module.version,
      config,
      userId: actor.user_id,
    });
    await recordAudit(tx, actor, {
      workspaceId,
      action: 'module.install',
      targetType: 'module_installation',
      targetId: moduleKey,
      metadata: {
        module_key: moduleKey,
        version: module.version,
        state: { from: row?.state ?? 'none', to },
        config_keys: Object.keys(config).sort(),
      },
      correlationId: input.correlationId,
    });
    await emitLifecycleEvent(tx, {
      row: installed,
      name: 'module.installed',
      correlationId: input.correlationId,
    });
    return toInstallationStateView(installed);
  });
}

interface WriteInput {
  row: InstallationRow | null;
  workspaceId: string;
  moduleKey: string;
  version: string;
  config: JsonObject;
  userId: string;
}

/** Inserts the first installation, or reinstalls an uninstalled row; RLS-checked (modules.install). */
async function writeInstallation(tx: Tx, input: WriteInput): Promise<InstallationRow> {
  const values = [input.workspaceId, input.moduleKey, input.version, input.config, input.userId];
  try {
    const { rows } = await tx.query<InstallationRow>(
      input.row === null
        ? `insert into public.module_installations as i
             (workspace_id, module_key, module_version, config_json, installed_by_user_id, state)
           values ($1, $2, $3, $4, $5, 'installed')
           returning ${INSTALLATION_COLUMNS}`
        : `update public.module_installations i
              set state = 'installed', module_version = $3, previous_version = null,
                  config_json = $4, installed_by_user_id = $5, state_changed_at = now(),
                  token_permissions = '{}'
            where i.workspace_id = $1 and i.module_key = $2
            returning ${INSTALLATION_COLUMNS}`,
      values,
    );
    const [row] = rows;
    if (!row) throw new Error('module_installations write returned no row');
    return row;
  } catch (error) {
    translateWriteError(error, 'install module', {
      module_installations_workspace_id_module_key_key: (what, cause) =>
        new ShellError('CONFLICT', `${what}: installed by a concurrent request`, {
          userMessage: 'The module was installed here at the same moment: refresh to see it.',
          details: { from: 'installed', action: 'install' },
          cause,
        }),
    });
  }
}
