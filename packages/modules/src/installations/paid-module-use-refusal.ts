import { readEntitlement } from '@aiconnected/billing';
import type { Db } from '@aiconnected/db';
import type { ShellError } from '@aiconnected/sdk-contracts';
import type { ModuleSnapshotCache } from '../navigation/create-module-snapshot-cache';
import { moduleUseRefusal } from './module-use-refusal';

/**
 * Whether the workspace's billing lets an enabled PAID module be used there, as the refusal or
 * null: `moduleUseRefusal` of the workspace's entitlement, the gateway's decision (step 5 of
 * docs/modules.md "Gateway"; `grace` still allows use, an ended grace counts as suspended).
 * The entitlement comes from the process's module snapshot cache when given (the gateway's; a
 * snapshot of a workspace with a paid module enabled holds it, a grace one is never kept), else
 * (no cache, or a snapshot without it: the installed version is no longer a registered one)
 * from `readEntitlement` in a service transaction. For a caller that is the module itself
 * (its installation's API key, packages/events `authenticateInstallation`): no person's access
 * to check, the key already bound the workspace. Call it only for a paid module.
 */
export async function paidModuleUseRefusal(
  db: Pick<Db, 'withService'>,
  workspaceId: string,
  snapshots?: Pick<ModuleSnapshotCache, 'snapshotOf'>,
): Promise<ShellError | null> {
  const cached =
    snapshots === undefined ? null : (await snapshots.snapshotOf(workspaceId)).entitlement;
  const entitlement =
    cached ??
    (await db.withService('modules: read the entitlement of a paid module in use', (tx) =>
      readEntitlement(tx, workspaceId),
    ));
  return moduleUseRefusal(entitlement);
}
