import type { Db } from '@aiconnected/db';
import { loadActorView } from '@aiconnected/access';
import type { ModulePermissionDiff, WorkspaceContext } from '@aiconnected/sdk-contracts';
import { readUpgradePlan } from './read-upgrade-plan';

export interface PreviewUpgradeInput {
  actor: WorkspaceContext;
  workspaceId: string;
  moduleKey: string;
}

/**
 * What upgrading the installation to the registry's current version would change (`GET
 * /modules/{key}/upgrade`): the permission diff of `readUpgradePlan`, nothing written.
 */
export async function previewUpgrade(
  db: Db,
  input: PreviewUpgradeInput,
): Promise<ModulePermissionDiff> {
  return db.withWorkspace(input.actor, async (tx) => {
    const view = await loadActorView(tx, input.actor);
    return (await readUpgradePlan(tx, view, input)).diff;
  });
}
