import type { Db, Tx } from '@aiconnected/db';
import {
  ShellError,
  type Workspace,
  type WorkspaceContext,
  type WorkspaceStatus,
} from '@aiconnected/sdk-contracts';
import {
  recordAudit,
  loadActorView,
  type ActorView,
  requireCapability,
  translateWriteError,
} from '@aiconnected/access';
import { requireWorkspaceInScope } from './find-visible-workspace';
import { normalizeWorkspaceName } from './workspace-name';
import { toWorkspaceRecord, WORKSPACE_COLUMNS, type WorkspaceRow } from './workspace-record';
import { WORKSPACE_WRITE_CONFLICTS } from './workspace-write-conflicts';

export interface UpdateWorkspaceInput {
  actor: WorkspaceContext;
  workspaceId: string;
  /** A new name (settings.manage in the workspace); the slug stays, links keep working. */
  name?: string;
  /** Suspend, archive or reactivate: settings.manage in the PARENT workspace (migration 017). */
  status?: WorkspaceStatus;
  correlationId: string;
}

const STATUS_ACTIONS = {
  active: 'workspace.activate',
  suspended: 'workspace.suspend',
  archived: 'workspace.archive',
} as const satisfies Record<WorkspaceStatus, string>;

/**
 * Changes a workspace's settings (`PATCH /workspaces/{id}`). `WORKSPACE_FORBIDDEN` when it
 * is not visible; renaming needs `settings.manage` and a name unique among its siblings
 * (`CONFLICT`, from the database's unique index: the siblings may be hidden from the actor); a status change is made by the parent's admins (an agency suspends its
 * businesses, super its agencies), never by the workspace's own admins and never on the super
 * workspace (`PERMISSION_DENIED`). Each change is audited (`workspace.rename`,
 * `workspace.suspend`, `workspace.activate`, `workspace.archive`) in the workspace changed.
 */
export async function updateWorkspace(db: Db, input: UpdateWorkspaceInput): Promise<Workspace> {
  const { actor } = input;
  requireCapability(actor.permissions, 'settings.manage', 'changing workspace settings');
  if (input.name === undefined && input.status === undefined) {
    throw new ShellError('VALIDATION_BLOCKING', 'workspace update without changes', {
      details: { issues: [{ path: 'body', message: 'Provide name or status' }] },
    });
  }
  return db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    const { workspace: current, capabilities } = await requireWorkspaceInScope(
      tx,
      view,
      input.workspaceId,
    );
    const name = input.name === undefined ? undefined : normalizeWorkspaceName(input.name);
    const rename = name !== undefined && name !== current.name;
    const statusChange = input.status !== undefined && input.status !== current.status;
    if (rename) requireCapability(capabilities, 'settings.manage', 'renaming a workspace');
    if (statusChange) await requireParentGovernance(tx, view, current);
    if (!rename && !statusChange) return current;

    const updated = await writeUpdate(
      tx,
      current.id,
      rename ? name : null,
      statusChange ? (input.status ?? null) : null,
    );
    if (rename) {
      await recordAudit(tx, actor, {
        workspaceId: current.id,
        action: 'workspace.rename',
        targetType: 'workspace',
        targetId: current.id,
        metadata: { from: current.name, to: updated.name },
        correlationId: input.correlationId,
      });
    }
    if (statusChange) {
      await recordAudit(tx, actor, {
        workspaceId: current.id,
        action: STATUS_ACTIONS[updated.status],
        targetType: 'workspace',
        targetId: current.id,
        metadata: { from: current.status, to: updated.status },
        correlationId: input.correlationId,
      });
    }
    return updated;
  });
}

/**
 * A status is changed from the parent (migration 017): the actor holds `settings.manage` in
 * the parent. The super workspace has no parent: its status is the service's alone.
 */
async function requireParentGovernance(
  tx: Tx,
  view: ActorView,
  workspace: Workspace,
): Promise<void> {
  const parentAccess =
    workspace.parent_workspace_id === null
      ? null
      : await view.accessTo(workspace.parent_workspace_id);
  if (!parentAccess?.capabilities.includes('settings.manage')) {
    throw new ShellError(
      'PERMISSION_DENIED',
      `status of ${workspace.id} changed without settings.manage in its parent`,
      {
        userMessage:
          "A workspace's status can only be changed by the admins of its parent workspace.",
        details: { required_permission: 'settings.manage' },
      },
    );
  }
}

/** The RLS-checked UPDATE; no row back means the UPDATE policy hid it (no settings.manage there). */
async function writeUpdate(
  tx: Tx,
  id: string,
  name: string | null,
  status: WorkspaceStatus | null,
): Promise<Workspace> {
  let row: WorkspaceRow | undefined;
  try {
    const result = await tx.query<WorkspaceRow>(
      `update public.workspaces as w
          set name = coalesce($2, w.name), status = coalesce($3, w.status)
        where w.id = $1
        returning ${WORKSPACE_COLUMNS}`,
      [id, name, status],
    );
    row = result.rows[0];
  } catch (error) {
    translateWriteError(error, 'update workspace', WORKSPACE_WRITE_CONFLICTS);
  }
  if (!row) {
    throw new ShellError(
      'PERMISSION_DENIED',
      `update of workspace ${id} hidden by row-level security`,
      {
        details: { required_permission: 'settings.manage' },
      },
    );
  }
  return toWorkspaceRecord(row);
}
