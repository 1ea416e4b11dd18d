import type { Db } from '@aiconnected/db';
import { loadActorView } from '@aiconnected/access';
import type { ModuleInstallationStateView } from '@aiconnected/sdk-contracts';
import { applyTransition } from './apply-transition';
import type { ModuleTransitionInput } from './disable-module';
import { lockInstallation, toInstallationStateView } from './installation-row';
import { readRegisteredModule } from './read-registered-module';
import { requireModuleManager } from './require-module-manager';

/**
 * Uninstalls a module from a workspace (`DELETE /modules/{key}/uninstall`): `modules.install`
 * there (`requireModuleManager`), `MODULE_NOT_REGISTERED` for an unknown key, `CONFLICT` unless
 * it is installed or disabled (an enabled module is disabled first). The row stays, state
 * `uninstalled`, with its config for a later install. Audited as `module.uninstall`.
 */
export async function uninstallModule(
  db: Db,
  input: ModuleTransitionInput,
): Promise<ModuleInstallationStateView> {
  const { actor } = input;
  return db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    await requireModuleManager(
      tx,
      view,
      input.workspaceId,
      'modules.install',
      'uninstalling a module',
    );
    await readRegisteredModule(tx, input.moduleKey);
    const row = await lockInstallation(tx, input.workspaceId, input.moduleKey);
    const updated = await applyTransition(tx, actor, {
      moduleKey: input.moduleKey,
      row,
      action: 'uninstall',
      correlationId: input.correlationId,
    });
    return toInstallationStateView(updated);
  });
}
