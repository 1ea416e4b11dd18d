import type { Db } from '@aiconnected/db';
import type { WorkspaceType } from '@aiconnected/permissions';
import type { Workspace, WorkspaceContext } from '@aiconnected/sdk-contracts';
import { loadActorView } from '@aiconnected/access';
import { requireWorkspaceInScope } from './find-visible-workspace';
import { insertChildWorkspace } from './insert-child-workspace';

export interface CreateChildWorkspaceInput {
  actor: WorkspaceContext;
  parentWorkspaceId: string;
  name: string;
  /** Must fit the tree: an agency under the super workspace, a business under an agency. */
  childType: WorkspaceType;
  correlationId: string;
}

/**
 * Creates a child of a workspace in the actor's scope (`POST /workspaces/{id}/children`):
 * `WORKSPACE_FORBIDDEN` when the parent is not visible to the actor, `PERMISSION_DENIED`
 * without `settings.manage` there, `VALIDATION_BLOCKING` when `childType` does not fit
 * (super -> agency, agency -> business), `CONFLICT` for a sibling of the same name. Audited
 * as `workspace.create` in the parent.
 */
export async function createChildWorkspace(
  db: Db,
  input: CreateChildWorkspaceInput,
): Promise<Workspace> {
  return db.withWorkspace(input.actor, async (tx) => {
    const view = await loadActorView(tx, input.actor);
    const parent = await requireWorkspaceInScope(tx, view, input.parentWorkspaceId);
    return insertChildWorkspace(tx, input.actor, {
      parent,
      childType: input.childType,
      name: input.name,
      correlationId: input.correlationId,
    });
  });
}
