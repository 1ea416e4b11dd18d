import type { Db } from '@aiconnected/db';
import type { Workspace, WorkspaceContext } from '@aiconnected/sdk-contracts';
import { loadActorView } from '@aiconnected/access';
import { requireWorkspaceInScope } from './find-visible-workspace';

export interface GetWorkspaceInput {
  actor: WorkspaceContext;
  workspaceId: string;
}

/**
 * One workspace the actor may see (`GET /workspaces/{id}`); `WORKSPACE_FORBIDDEN` for any
 * other id, existing or not, so other tenants' ids cannot be probed.
 */
export async function getWorkspace(
  db: Db,
  { actor, workspaceId }: GetWorkspaceInput,
): Promise<Workspace> {
  return db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    return (await requireWorkspaceInScope(tx, view, workspaceId)).workspace;
  });
}
