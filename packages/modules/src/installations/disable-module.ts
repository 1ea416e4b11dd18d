import type { Db } from '@aiconnected/db';
import { loadActorView } from '@aiconnected/access';
import type { ModuleInstallationStateView, WorkspaceContext } from '@aiconnected/sdk-contracts';
import { applyTransition } from './apply-transition';
import { lockInstallation, toInstallationStateView } from './installation-row';
import { readRegisteredModule } from './read-registered-module';
import { requireModuleManager } from './require-module-manager';

export interface ModuleTransitionInput {
  actor: WorkspaceContext;
  workspaceId: string;
  moduleKey: string;
  correlationId: string;
}

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
  const { actor } = input;
  return db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    await requireModuleManager(
      tx,
      view,
      input.workspaceId,
      'modules.disable',
      'disabling a module',
    );
    await readRegisteredModule(tx, input.moduleKey);
    const row = await lockInstallation(tx, input.workspaceId, input.moduleKey);
    const updated = await applyTransition(tx, actor, {
      moduleKey: input.moduleKey,
      row,
      action: 'disable',
      correlationId: input.correlationId,
    });
    return toInstallationStateView(updated);
  });
}
