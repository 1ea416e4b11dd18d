import { writeAuditLog, type Db } from '@aiconnected/db';
import { destinationFor, type Destination } from '@aiconnected/permissions';
import { ShellError, type WorkspaceContext } from '@aiconnected/sdk-contracts';
import type { SessionRecord } from '../sessions/session-record';
import { setSessionWorkspace } from '../sessions/set-session-workspace';
import { loadGoverningMemberships } from './load-governing-memberships';
import { toWorkspaceContext } from './to-workspace-context';

export interface SwitchWorkspaceInput {
  session: SessionRecord;
  workspaceId: string;
  correlationId: string;
}

/** What `POST /workspaces/switch` answers. */
export interface SwitchWorkspaceResult {
  effective_context: WorkspaceContext;
  /** The dashboard of the new workspace's type. */
  destination: Destination;
}

/**
 * Makes `workspaceId` the session's active workspace (`POST /workspaces/switch`) and returns
 * the new context with where the UI goes next. Allowed when the user governs the workspace: an active membership in it,
 * an agency admin/manager membership of its parent agency, or a super membership; otherwise
 * `WORKSPACE_FORBIDDEN` (also for a workspace that does not exist, so ids cannot be probed).
 * Refused while impersonating (`IMPERSONATION_FORBIDDEN`: stop first). The change and its
 * `workspace.switch` audit row commit together in one service transaction.
 */
export async function switchWorkspace(
  db: Db,
  { session, workspaceId, correlationId }: SwitchWorkspaceInput,
): Promise<SwitchWorkspaceResult> {
  if (session.impersonation !== null) {
    throw new ShellError('IMPERSONATION_FORBIDDEN', `session ${session.id} is impersonating`, {
      userMessage: 'Stop impersonating before switching workspace.',
    });
  }
  return db.withService('identity: switch workspace', async (tx) => {
    const governing = await loadGoverningMemberships(tx, { userId: session.userId, workspaceId });
    const context =
      governing &&
      toWorkspaceContext({
        sessionId: session.id,
        userId: session.userId,
        workspaceId,
        impersonation: null,
        memberships: governing.memberships,
      });
    if (!context) {
      throw new ShellError(
        'WORKSPACE_FORBIDDEN',
        `user ${session.userId} does not govern ${workspaceId}`,
        {
          details: { workspace_id: workspaceId },
        },
      );
    }
    const updated = await setSessionWorkspace(tx, { sessionId: session.id, workspaceId });
    if (updated === null) {
      // Revoked or expired since the guard read it, or an impersonation began meanwhile.
      throw new ShellError('SESSION_INVALID', `session ${session.id} could not switch workspace`);
    }
    await writeAuditLog(tx, {
      workspaceId,
      actorUserId: session.userId,
      action: 'workspace.switch',
      targetType: 'workspace',
      targetId: workspaceId,
      metadata: { from_workspace_id: session.activeWorkspaceId, to_workspace_id: workspaceId },
      correlationId,
    });
    return { effective_context: context, destination: destinationFor(governing.workspace.type) };
  });
}
