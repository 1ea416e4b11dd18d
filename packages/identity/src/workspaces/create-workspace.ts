import type { Db } from '@aiconnected/db';
import type { WorkspaceType } from '@aiconnected/permissions';
import { ShellError, type Workspace, type WorkspaceContext } from '@aiconnected/sdk-contracts';
import { loadActorView, type ActorView, requireCapability } from '@aiconnected/access';
import { requireWorkspaceInScope } from './find-visible-workspace';
import { insertChildWorkspace } from './insert-child-workspace';

export interface CreateWorkspaceInput {
  actor: WorkspaceContext;
  /** `agency` or `business`; there is only one super workspace. */
  type: WorkspaceType;
  name: string;
  /** Defaults to the super workspace for an agency, to the actor's agency for a business. */
  parentWorkspaceId?: string;
  correlationId: string;
}

/**
 * Creates an agency or a business (`POST /workspaces`, PRD §14): the platform (a super
 * member acting in the super workspace, with `settings.manage`) creates agencies; an agency
 * admin creates businesses under its agency (super may too, naming the agency). The name
 * must be unique among its siblings; the slug is derived from it and unique everywhere.
 * Throws `PERMISSION_DENIED`, `WORKSPACE_FORBIDDEN` (parent not in scope), `VALIDATION_BLOCKING`
 * (type does not fit the tree, no parent) or `CONFLICT` (sibling name, suspended parent).
 * Audited as `workspace.create` in the parent.
 */
export async function createWorkspace(db: Db, input: CreateWorkspaceInput): Promise<Workspace> {
  const { actor, type } = input;
  requireCapability(actor.permissions, 'settings.manage', 'creating a workspace');
  if (type === 'super') {
    throw new ShellError('VALIDATION_BLOCKING', 'a second super workspace was requested', {
      userMessage: 'Only agencies and businesses can be created.',
      details: { issues: [{ path: 'body.type', message: 'Must be agency or business' }] },
    });
  }
  return db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    if (type === 'agency' && view.active?.workspace.type !== 'super') {
      throw new ShellError('PERMISSION_DENIED', 'agencies are created from the super workspace', {
        userMessage: 'Only the platform can create agencies.',
      });
    }
    const parentId = input.parentWorkspaceId ?? defaultParentId(view, type);
    const parent = await requireWorkspaceInScope(tx, view, parentId);
    return insertChildWorkspace(tx, actor, {
      parent,
      childType: type,
      name: input.name,
      correlationId: input.correlationId,
    });
  });
}

/** The parent when none is named: the super workspace for an agency, the actor's agency for a business. */
function defaultParentId(view: ActorView, type: 'agency' | 'business'): string {
  const active = view.active?.workspace;
  if (active?.type === (type === 'agency' ? 'super' : 'agency')) return active.id;
  throw new ShellError('VALIDATION_BLOCKING', 'a business needs a parent agency', {
    userMessage: 'Choose the agency the business belongs to.',
    details: {
      issues: [
        { path: 'body.parent_workspace_id', message: 'Required unless acting in an agency' },
      ],
    },
  });
}
