import type { Db } from '@aiconnected/db';
import { loadActorView, recordAudit, translateWriteError } from '@aiconnected/access';
import type { ModuleAvailability, WorkspaceContext } from '@aiconnected/sdk-contracts';
import { notEnabled } from '../navigation/enabled-module-of';
import { invalidInstallation } from './installation-errors';
import { lockInstallation } from './installation-row';
import { readModuleAvailability } from './list-available-modules';
import { readRegisteredModule } from './read-registered-module';
import { requireModuleManager } from './require-module-manager';

export interface SetModuleTokenPermissionsInput {
  actor: WorkspaceContext;
  workspaceId: string;
  moduleKey: string;
  /** The permissions the module's UI tokens may carry here; [] grants none. */
  permissions: readonly string[];
  correlationId: string;
}

/** Where `permissions` fails: not requested by the installed manifest, or named twice. */
function permissionIssues(permissions: readonly string[], requestable: readonly string[]) {
  return permissions.flatMap((permission, index) => {
    const path = `body.permissions.${index}`;
    if (!requestable.includes(permission)) {
      return [{ path, message: `${permission} is not one of the module's permissions` }];
    }
    if (permissions.indexOf(permission) !== index) {
      return [{ path, message: `${permission} is listed twice` }];
    }
    return [];
  });
}

/**
 * Sets which permissions a module's UI tokens may carry in a workspace (`PUT
 * /modules/{key}/token-permissions`, docs/modules.md "Who may do what"): `modules.install` there
 * (`requireModuleManager`, as installing: scope, capability, the agency's policy for a
 * business); `MODULE_NOT_REGISTERED` for an unknown key; `MODULE_NOT_ENABLED` (`details.state`
 * `not_installed` or `uninstalled`) unless it is installed (installed, enabled or disabled);
 * each permission one of the installed manifest's `permissions`, named once
 * (`VALIDATION_BLOCKING` at `body.permissions.<i>`). A token still carries only those the
 * person using it holds (`resolveModuleRuntime`). Audited as `module.token_permissions_update`
 * (`token_permissions` as `{ from, to }`); an unchanged list writes nothing. Answers the
 * module's availability item.
 */
export async function setModuleTokenPermissions(
  db: Db,
  input: SetModuleTokenPermissionsInput,
): Promise<ModuleAvailability> {
  const { actor, moduleKey, workspaceId, permissions } = input;
  return db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    const access = await requireModuleManager(
      tx,
      view,
      workspaceId,
      'modules.install',
      'granting permissions to module UI tokens',
    );
    const row = await lockInstallation(tx, workspaceId, moduleKey);
    if (row === null || row.state === 'uninstalled') {
      if (row === null) await readRegisteredModule(tx, moduleKey); // MODULE_NOT_REGISTERED
      const state = row?.state ?? 'not_installed';
      throw notEnabled(moduleKey, state, 'Install the module first.');
    }
    const { manifest } = await readRegisteredModule(tx, moduleKey, row.module_version);
    const issues = permissionIssues(permissions, manifest.permissions);
    if (issues.length > 0) throw invalidInstallation(issues);
    const from = row.token_permissions;
    if (from.length !== permissions.length || from.some((key, i) => key !== permissions[i])) {
      try {
        await tx.query(
          'update public.module_installations set token_permissions = $2 where id = $1',
          [row.id, permissions],
        );
      } catch (error) {
        translateWriteError(error, 'grant module UI token permissions', {});
      }
      await recordAudit(tx, actor, {
        workspaceId,
        action: 'module.token_permissions_update',
        targetType: 'module_installation',
        targetId: moduleKey,
        metadata: {
          module_key: moduleKey,
          version: row.module_version,
          token_permissions: { from, to: [...permissions] },
        },
        correlationId: input.correlationId,
      });
    }
    const [item] = await readModuleAvailability(tx, access, workspaceId, moduleKey);
    if (!item) throw new Error(`module ${moduleKey} vanished from the catalog under its lock`);
    return item;
  });
}
