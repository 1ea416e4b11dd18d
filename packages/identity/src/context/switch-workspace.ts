import type { Db } from '@aiconnected/db';
import { destinationFor } from '@aiconnected/permissions';
import { ShellError, type WorkspaceSwitchResult } from '@aiconnected/sdk-contracts';
import type { SessionRecord } from '../sessions/session-record';
import { toGoverningMemberships, type GoverningRow } from '@aiconnected/access';
import { hostWorkspaceForbidden, inHostLineage } from './host-workspace';
import { toWorkspaceContext } from './to-workspace-context';

export interface SwitchWorkspaceInput {
  session: SessionRecord;
  workspaceId: string;
  correlationId: string;
  /** The workspace whose address the request came to; null or absent on the platform's host. */
  hostWorkspaceId?: string | null;
}

/** A row of shell.switch_session_workspace (migration 019). */
interface SwitchRow {
  outcome: 'switched' | 'forbidden' | 'session_invalid';
  governing: GoverningRow | null;
}

/**
 * Makes `workspaceId` the session's active workspace (`POST /workspaces/switch`) and returns
 * the new context with where the UI goes next. Allowed when the user governs the workspace:
 * an active membership in it, an agency admin/manager membership of its parent agency, or a
 * super membership; otherwise `WORKSPACE_FORBIDDEN` (also for a workspace that does not
 * exist, so ids cannot be probed). Refused while impersonating (`IMPERSONATION_FORBIDDEN`:
 * stop first). On a workspace's address (`hostWorkspaceId`) only that workspace, its
 * ancestors and its descendants can be chosen (`WORKSPACE_FORBIDDEN` {reason:
 * 'host_workspace'} for any other id, before governance is checked). One database call (shell.switch_session_workspace) checks, changes the
 * session and writes the `workspace.switch` audit row together, or changes nothing.
 */
export async function switchWorkspace(
  db: Db,
  { session, workspaceId, correlationId, hostWorkspaceId }: SwitchWorkspaceInput,
): Promise<WorkspaceSwitchResult> {
  if (session.impersonation !== null) {
    throw new ShellError('IMPERSONATION_FORBIDDEN', `session ${session.id} is impersonating`, {
      userMessage: 'Stop impersonating before switching workspace.',
    });
  }
  if (hostWorkspaceId && !(await inHostLineage(db, hostWorkspaceId, workspaceId))) {
    throw hostWorkspaceForbidden(
      `workspace ${workspaceId} is not served at the address of ${hostWorkspaceId}`,
      'That workspace is not available at this address. Sign in at its organisation’s address.',
    );
  }
  const [row] = await db.callService<SwitchRow>(
    'identity: switch workspace',
    'shell.switch_session_workspace',
    [session.id, workspaceId, correlationId],
  );
  if (row?.outcome === 'session_invalid') {
    // Revoked or expired since the guard read it, or an impersonation began meanwhile.
    throw new ShellError('SESSION_INVALID', `session ${session.id} could not switch workspace`);
  }
  if (row?.outcome !== 'switched') {
    throw new ShellError(
      'WORKSPACE_FORBIDDEN',
      `user ${session.userId} does not govern ${workspaceId}`,
      {
        details: { workspace_id: workspaceId },
      },
    );
  }
  const governing = toGoverningMemberships(row.governing);
  const context =
    governing &&
    toWorkspaceContext({
      sessionId: session.id,
      userId: session.userId,
      workspaceId,
      impersonation: null,
      memberships: governing.memberships,
    });
  if (!governing || !context) {
    // Only a governing role unknown to @aiconnected/permissions gets here; the seeded role
    // maps are tested equal to it, so this is a defect, not a user error.
    throw new Error(`switch to ${workspaceId} succeeded but its governing roles are unknown`);
  }
  return { effective_context: context, destination: destinationFor(governing.workspace.type) };
}
