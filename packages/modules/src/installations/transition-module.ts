import type { Db } from '@aiconnected/db';
import { loadActorView } from '@aiconnected/access';
import type { Capability } from '@aiconnected/permissions';
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

/** A transition with no gate beyond who may make it (disable, uninstall). */
export interface PlainTransition {
  action: 'disable' | 'uninstall';
  capability: Capability;
  /** What the actor is doing, for the refusal (`disabling a module`). */
  what: string;
}

/**
 * Moves a module's installation in a workspace by `action`, in one transaction: `capability`
 * there (`requireModuleManager`: scope, capability, the agency's policy for a business),
 * `MODULE_NOT_REGISTERED` for an unknown key, the row locked, then `applyTransition` (the
 * transition table's `CONFLICT { from, action }`, the write and its `module.<action>` audit row).
 */
export async function transitionModule(
  db: Db,
  input: ModuleTransitionInput,
  transition: PlainTransition,
): Promise<ModuleInstallationStateView> {
  const { actor, workspaceId, moduleKey } = input;
  return db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    await requireModuleManager(tx, view, workspaceId, transition.capability, transition.what);
    await readRegisteredModule(tx, moduleKey);
    const row = await lockInstallation(tx, workspaceId, moduleKey);
    const updated = await applyTransition(tx, actor, {
      moduleKey,
      row,
      action: transition.action,
      correlationId: input.correlationId,
    });
    return toInstallationStateView(updated);
  });
}
