import type { Db } from '@aiconnected/db';
import type { WorkspaceType } from '@aiconnected/permissions';
import type { WorkspaceContext } from '@aiconnected/sdk-contracts';
import { loadActorView } from '../users/load-actor-view';
import { requireWorkspaceInScope } from './find-visible-workspace';
import {
  toWorkspaceRecord,
  WORKSPACE_COLUMNS,
  type WorkspaceRecord,
  type WorkspaceRow,
} from './workspace-record';

export interface ListWorkspacesInput {
  actor: WorkspaceContext;
  /** Only the children of this workspace; `WORKSPACE_FORBIDDEN` when it is not visible. */
  parentWorkspaceId?: string;
  type?: WorkspaceType;
}

/**
 * The workspaces the actor may see (`GET /workspaces`), as RLS decides: super acting in the
 * super workspace every workspace, an agency admin/manager its agency and its businesses,
 * everyone else the active workspace. Ordered super, agencies, businesses, then by name.
 */
export async function listWorkspaces(
  db: Db,
  input: ListWorkspacesInput,
): Promise<WorkspaceRecord[]> {
  return db.withWorkspace(input.actor, async (tx) => {
    if (input.parentWorkspaceId !== undefined) {
      await requireWorkspaceInScope(
        tx,
        await loadActorView(tx, input.actor),
        input.parentWorkspaceId,
      );
    }
    const { rows } = await tx.query<WorkspaceRow>(
      `select ${WORKSPACE_COLUMNS} from public.workspaces w
        where ($1::uuid is null or w.parent_workspace_id = $1)
          and ($2::text is null or w.type = $2)
        order by array_position(array['super', 'agency', 'business'], w.type), lower(w.name), w.id`,
      [input.parentWorkspaceId ?? null, input.type ?? null],
    );
    return rows.map(toWorkspaceRecord);
  });
}
