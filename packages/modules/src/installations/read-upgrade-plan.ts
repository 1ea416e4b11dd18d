import semver from 'semver';
import type { Tx } from '@aiconnected/db';
import type { ActorView } from '@aiconnected/access';
import { ShellError, type ModulePermissionDiff } from '@aiconnected/sdk-contracts';
import { diffModulePermissions } from './diff-module-permissions';
import { illegalTransition } from './installation-errors';
import { lockInstallation, readInstallation, type InstallationRow } from './installation-row';
import { readRegisteredModule, type RegisteredModule } from './read-registered-module';
import { requireModuleManager } from './require-module-manager';

/** An installation and the version the registry would move it to, with the diff. */
export interface UpgradePlan {
  row: InstallationRow;
  target: RegisteredModule;
  diff: ModulePermissionDiff;
}

/**
 * The upgrade of a module's installation in a workspace to the registry's current version:
 * `modules.install` there (`requireModuleManager`), `MODULE_NOT_REGISTERED` for an unknown key,
 * `CONFLICT` when it is not installed (`details: { from, action: 'upgrade' }`) or already at the
 * current version (`details.reason: "up_to_date"`) or a newer one than it (`"not_newer"`: a
 * registry rollback or a backport import left the current version lower; compared by semver,
 * an upgrade never downgrades). The row is locked for the transaction
 * (`'lock'`, the default), or only read (`'read'`: checks before a health check).
 */
export async function readUpgradePlan(
  tx: Tx,
  view: ActorView,
  input: { workspaceId: string; moduleKey: string },
  mode: 'read' | 'lock' = 'lock',
): Promise<UpgradePlan> {
  const { workspaceId, moduleKey } = input;
  await requireModuleManager(tx, view, workspaceId, 'modules.install', 'upgrading a module');
  const target = await readRegisteredModule(tx, moduleKey);
  const row = await (mode === 'lock' ? lockInstallation : readInstallation)(
    tx,
    workspaceId,
    moduleKey,
  );
  if (row === null || row.state === 'uninstalled') {
    throw illegalTransition(moduleKey, row?.state ?? 'none', 'upgrade');
  }
  if (row.module_version === target.version) {
    throw new ShellError('CONFLICT', `module ${moduleKey} is at ${target.version} already`, {
      userMessage: 'This workspace already runs the current version of the module.',
      details: { reason: 'up_to_date', version: target.version },
    });
  }
  if (!semver.gt(target.version, row.module_version)) {
    throw new ShellError(
      'CONFLICT',
      `module ${moduleKey}: current ${target.version} is not newer than ${row.module_version}`,
      {
        userMessage:
          "This workspace runs a newer version than the registry's current one: there is nothing to upgrade to.",
        details: {
          reason: 'not_newer',
          version: row.module_version,
          current_version: target.version,
        },
      },
    );
  }
  const installed = await readRegisteredModule(tx, moduleKey, row.module_version);
  return {
    row,
    target,
    diff: {
      module_key: moduleKey,
      workspace_id: workspaceId,
      from_version: row.module_version,
      to_version: target.version,
      ...diffModulePermissions(installed.manifest, target.manifest, row.config_json),
    },
  };
}
