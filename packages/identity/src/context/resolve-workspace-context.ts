import type { Tx } from '@aiconnected/db';
import type { WorkspaceContext } from '@aiconnected/sdk-contracts';
import type { SessionRecord } from '../sessions/session-record';
import { loadGoverningMemberships, type GoverningMemberships } from '@aiconnected/access';
import { toWorkspaceContext } from './to-workspace-context';

/**
 * The context of a live session: the user, the active workspace, the closest governing role
 * template and the effective permissions, narrowed while impersonating. Null when the
 * session has no active workspace, or the user (no longer) governs it: inactive user or
 * membership, suspended or archived workspace of the membership. `tx` reads past RLS
 * (withService); the session's liveness is the caller's check. The guard gets the same
 * answer from `authenticateSession` in one call.
 */
export async function resolveWorkspaceContext(
  tx: Tx,
  session: SessionRecord,
): Promise<WorkspaceContext | null> {
  const workspaceId = session.activeWorkspaceId;
  if (workspaceId === null) return null;
  const governing = await loadGoverningMemberships(tx, { userId: session.userId, workspaceId });
  return sessionContext(session, governing);
}

/** The context of `session` from the governing memberships of its active workspace. */
export function sessionContext(
  session: SessionRecord,
  governing: GoverningMemberships | null,
): WorkspaceContext | null {
  const workspaceId = session.activeWorkspaceId;
  if (workspaceId === null || governing === null || governing.workspace.id !== workspaceId) {
    return null;
  }
  return toWorkspaceContext({
    sessionId: session.id,
    userId: session.userId,
    workspaceId,
    impersonation: session.impersonation,
    memberships: governing.memberships,
  });
}
