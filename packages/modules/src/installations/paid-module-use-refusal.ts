import { readEntitlement } from '@aiconnected/billing';
import type { Db } from '@aiconnected/db';
import type { ShellError } from '@aiconnected/sdk-contracts';
import type { ModuleSnapshotCache } from '../navigation/create-module-snapshot-cache';
import { moduleUseRefusal } from './module-use-refusal';

/** Most workspaces remembered as in grace (oldest forgotten first). */
const MAX_IN_GRACE = 10_000;

/**
 * Workspaces whose last entitlement read here was `grace`: the snapshot cache never keeps such a
 * snapshot, so asking it would read the whole snapshot (catalog and manifests) on every call.
 * Only picks which read answers; either read is authoritative, and the next one that is not
 * `grace` forgets the workspace.
 */
const inGrace = new Set<string>();

function noteGrace(workspaceId: string, grace: boolean): void {
  if (!grace) {
    inGrace.delete(workspaceId);
    return;
  }
  if (inGrace.has(workspaceId)) return;
  if (inGrace.size >= MAX_IN_GRACE) {
    const [oldest] = inGrace;
    if (oldest !== undefined) inGrace.delete(oldest);
  }
  inGrace.add(workspaceId);
}

/**
 * Whether the workspace's billing lets an enabled PAID module be used there, as the refusal or
 * null: `moduleUseRefusal` of the workspace's entitlement, the gateway's decision (step 5 of
 * docs/modules.md "Gateway"; `grace` still allows use, an ended grace counts as suspended).
 * The entitlement comes from the process's module snapshot cache only while it is `active`
 * (reusing snapshots: a snapshot of a workspace with a paid module enabled holds it); else (no
 * cache, a cache not listening, a workspace last seen in `grace`, whose snapshot the cache never
 * keeps, or a snapshot without it: the installed version is no longer a registered one) from
 * `readEntitlement` in one service transaction, never a whole snapshot read for one entitlement.
 * For a caller that is the module itself (its installation's API key, packages/events
 * `authenticateInstallation`): no person's access to check, the key already bound the
 * workspace. Call it only for a paid module.
 */
export async function paidModuleUseRefusal(
  db: Pick<Db, 'withService'>,
  workspaceId: string,
  snapshots?: Pick<ModuleSnapshotCache, 'snapshotOf' | 'active'>,
): Promise<ShellError | null> {
  const useCache = snapshots?.active === true && !inGrace.has(workspaceId);
  const cached = useCache ? (await snapshots.snapshotOf(workspaceId)).entitlement : null;
  const entitlement =
    cached ??
    (await db.withService('modules: read the entitlement of a paid module in use', (tx) =>
      readEntitlement(tx, workspaceId),
    ));
  noteGrace(workspaceId, entitlement.state === 'grace');
  return moduleUseRefusal(entitlement);
}
