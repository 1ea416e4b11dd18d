import type { Db } from '@aiconnected/db';
import type { ModuleInstallationStateView } from '@aiconnected/sdk-contracts';
import { transitionModule, type ModuleTransitionInput } from './transition-module';

/**
 * Disables a module in a workspace (`POST /modules/{key}/disable`): `modules.disable` there
 * (`requireModuleManager`: scope, capability, the agency's policy for a business),
 * `MODULE_NOT_REGISTERED` for an unknown key, `CONFLICT` unless it is enabled. Its navigation
 * and routes stop at once. Audited as `module.disable`.
 */
export async function disableModule(
  db: Db,
  input: ModuleTransitionInput,
): Promise<ModuleInstallationStateView> {
  return transitionModule(db, input, {
    action: 'disable',
    capability: 'modules.disable',
    what: 'disabling a module',
  });
}
