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

/** A workspace's snapshot and what the actor holds there. */
export interface ActorSnapshot {
  snapshot: ModuleSnapshot;
  /** The actor's memberships governing the workspace. */
  memberships: readonly GoverningMembership[];
  /** The actor's capabilities there (the context's `permissions` in its active workspace). */
  permissions: readonly string[];
}

/**
 * The snapshot of `workspaceId`, the actor's memberships governing it and its capabilities
 * there. In the actor's active
 * workspace with the guard's memberships and a cache: from the cache (no access query: the
 * resolved context proves membership). Otherwise today's path: in a `withWorkspace`
 * transaction, `requireWorkspaceAccess` (`WORKSPACE_FORBIDDEN` for a workspace the actor
 * cannot see), then the snapshot read in the same transaction, uncached.
 */
export async function readActorSnapshot(db: Db, input: ModuleLookupInput): Promise<ActorSnapshot> {
  const { actor, workspaceId, activeMemberships, snapshots } = input;
  if (
    snapshots !== undefined &&
    activeMemberships !== undefined &&
    activeMemberships.length > 0 &&
    workspaceId === actor.workspace_id
  ) {
    return {
      snapshot: await snapshots.snapshotOf(workspaceId),
      memberships: activeMemberships,
      permissions: actor.permissions,
    };
  }
  return db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    const access = await requireWorkspaceAccess(view, workspaceId);
    return {
      snapshot: await readModuleSnapshot(tx, workspaceId),
      memberships: access.memberships,
      permissions: access.capabilities,
    };
  });
}
