import type { Tx } from '@aiconnected/db';
import type { Capability } from '@aiconnected/permissions';
import { requireWorkspaceAccess, type ActorView, workspaceForbidden } from '@aiconnected/access';
import { toWorkspaceRecord, WORKSPACE_COLUMNS, type WorkspaceRow } from './workspace-record';
import type { Workspace } from '@aiconnected/sdk-contracts';

/** A workspace in the actor's scope and what the actor may do there. */
export interface WorkspaceInScope {
  workspace: Workspace;
  /** Effective capabilities of the actor in it (claimed and granted). */
  capabilities: Capability[];
}

/**
 * The workspace `workspaceId` as the request's RLS scope shows it, or null. Inside a
 * `withWorkspace` transaction, so a workspace of another tenant and one that does not exist
 * look the same: nobody learns which ids exist elsewhere.
 */
export async function findVisibleWorkspace(tx: Tx, workspaceId: string): Promise<Workspace | null> {
  const { rows } = await tx.query<WorkspaceRow>(
    `select ${WORKSPACE_COLUMNS} from public.workspaces w where w.id = $1`,
    [workspaceId],
  );
  const [row] = rows;
  return row ? toWorkspaceRecord(row) : null;
}

/**
 * The workspace when both layers agree the actor may see it: the code check (the actor's
 * governing memberships, `view`) and RLS (the row is readable); `WORKSPACE_FORBIDDEN`
 * otherwise. Await it before the next statement on `tx` (`view` switches its role).
 */
export async function requireWorkspaceInScope(
  tx: Tx,
  view: ActorView,
  workspaceId: string,
): Promise<WorkspaceInScope> {
  const access = await requireWorkspaceAccess(view, workspaceId);
  const workspace = await findVisibleWorkspace(tx, workspaceId);
  if (!workspace) throw workspaceForbidden(workspaceId);
  return { workspace, capabilities: access.capabilities };
}
