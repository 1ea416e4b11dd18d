import type { Db } from '@aiconnected/db';
import { loadActorView, requireWorkspaceAccess } from '@aiconnected/access';
import type { GoverningMembership } from '@aiconnected/permissions';
import type { WorkspaceContext } from '@aiconnected/sdk-contracts';
import type { ModuleSnapshotCache } from './create-module-snapshot-cache';
import { readModuleSnapshot, type ModuleSnapshot } from './module-snapshot';

/** Who asks for a workspace's modules, and the process's cache when there is one. */
export interface ModuleLookupInput {
  actor: WorkspaceContext;
  workspaceId: string;
  /**
   * The actor's memberships governing its ACTIVE workspace, as the guard resolved them with its
   * context (the session cache's answer); with `snapshots`, a lookup in the active workspace
   * needs no database access check: the context already proves the actor governs it.
   */
  activeMemberships?: readonly GoverningMembership[];
  /** The process's module snapshot cache (`createModuleSnapshotCache`). */
  snapshots?: ModuleSnapshotCache;
}

/**
 * The snapshot of `workspaceId` and the actor's memberships governing it. In the actor's active
 * workspace with the guard's memberships and a cache: from the cache (no access query: the
 * resolved context proves membership). Otherwise today's path: in a `withWorkspace`
 * transaction, `requireWorkspaceAccess` (`WORKSPACE_FORBIDDEN` for a workspace the actor
 * cannot see), then the snapshot read in the same transaction, uncached.
 */
export async function readActorSnapshot(
  db: Db,
  input: ModuleLookupInput,
): Promise<{ snapshot: ModuleSnapshot; memberships: readonly GoverningMembership[] }> {
  const { actor, workspaceId, activeMemberships, snapshots } = input;
  if (
    snapshots !== undefined &&
    activeMemberships !== undefined &&
    activeMemberships.length > 0 &&
    workspaceId === actor.workspace_id
  ) {
    return { snapshot: await snapshots.snapshotOf(workspaceId), memberships: activeMemberships };
  }
  return db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    const access = await requireWorkspaceAccess(view, workspaceId);
    return { snapshot: await readModuleSnapshot(tx, workspaceId), memberships: access.memberships };
  });
}
