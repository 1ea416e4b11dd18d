import type { Tx } from '@aiconnected/db';
import type { WorkspaceType } from '@aiconnected/permissions';
import { ShellError, type Workspace, type WorkspaceContext } from '@aiconnected/sdk-contracts';
import { recordAudit, translateWriteError, requireCapability } from '@aiconnected/access';
import { claimWorkspaceSlug } from './claim-workspace-slug';
import type { WorkspaceInScope } from './find-visible-workspace';
import { normalizeWorkspaceName } from './workspace-name';
import {
  CHILD_TYPE,
  toWorkspaceRecord,
  WORKSPACE_COLUMNS,
  type WorkspaceRow,
} from './workspace-record';
import { WORKSPACE_WRITE_CONFLICTS } from './workspace-write-conflicts';

export interface InsertChildWorkspaceInput {
  /** The parent, already known to be in the actor's scope, and the actor's capabilities there. */
  parent: WorkspaceInScope;
  childType: WorkspaceType;
  name: string;
  correlationId: string;
}

/**
 * The shared second half of `createWorkspace` and `createChildWorkspace`, inside the actor's
 * `withWorkspace` transaction: permission, tree fit, name and parent state checks, then the
 * RLS-checked insert (a sibling of the same name: `CONFLICT` from the database's unique index)
 * and its `workspace.create` audit row (written in the parent, where the action happened).
 */
export async function insertChildWorkspace(
  tx: Tx,
  actor: WorkspaceContext,
  { parent: scope, childType, name, correlationId }: InsertChildWorkspaceInput,
): Promise<Workspace> {
  const parent = scope.workspace;
  requireCapability(scope.capabilities, 'settings.manage', 'creating a workspace here');
  const allowed = CHILD_TYPE[parent.type];
  if (allowed !== childType) {
    throw new ShellError(
      'VALIDATION_BLOCKING',
      `a ${parent.type} workspace cannot have a ${childType} child`,
      {
        userMessage:
          allowed === null
            ? `A ${parent.type} workspace cannot have child workspaces.`
            : `A ${parent.type} workspace can only have ${allowed} workspaces as children.`,
        details: { parent_type: parent.type, child_type: childType, allowed_child_type: allowed },
      },
    );
  }
  const trimmed = normalizeWorkspaceName(name);
  if (parent.status !== 'active') {
    throw new ShellError('CONFLICT', `parent workspace ${parent.id} is ${parent.status}`, {
      userMessage: `The parent workspace is ${parent.status}; reactivate it before adding workspaces.`,
      details: { parent_status: parent.status },
    });
  }

  const slug = await claimWorkspaceSlug(tx, trimmed);

  let row: WorkspaceRow | undefined;
  try {
    const result = await tx.query<WorkspaceRow>(
      `insert into public.workspaces as w (type, parent_workspace_id, name, slug)
       values ($1, $2, $3, $4)
       returning ${WORKSPACE_COLUMNS}`,
      [childType, parent.id, trimmed, slug],
    );
    row = result.rows[0];
  } catch (error) {
    translateWriteError(error, 'create workspace', WORKSPACE_WRITE_CONFLICTS);
  }
  if (!row) throw new Error('insert into workspaces returned no row');
  const workspace = toWorkspaceRecord(row);

  await recordAudit(tx, actor, {
    workspaceId: parent.id,
    action: 'workspace.create',
    targetType: 'workspace',
    targetId: workspace.id,
    metadata: {
      type: workspace.type,
      name: workspace.name,
      slug: workspace.slug,
      parent_workspace_id: parent.id,
    },
    correlationId,
  });
  return workspace;
}
