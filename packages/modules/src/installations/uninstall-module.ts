import type { Db } from '@aiconnected/db';
import type { ModuleInstallationStateView } from '@aiconnected/sdk-contracts';
import { transitionModule, type ModuleTransitionInput } from './transition-module';

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
  return transitionModule(db, input, {
    action: 'uninstall',
    capability: 'modules.install',
    what: 'uninstalling a module',
  });
}
