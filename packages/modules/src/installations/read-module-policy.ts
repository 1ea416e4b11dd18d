import type { Db, Tx } from '@aiconnected/db';
import { loadActorView, requireWorkspaceAccess } from '@aiconnected/access';
import { ShellError, type ModulePolicy, type WorkspaceContext } from '@aiconnected/sdk-contracts';

export interface ReadModulePolicyInput {
  actor: WorkspaceContext;
  /** An agency, or a business (its agency's policy is answered). */
  workspaceId: string;
}

/**
 * The module policy of an agency, or of a business's agency (`GET /modules/policy`): any
 * member who can see the workspace (`WORKSPACE_FORBIDDEN` otherwise); `VALIDATION_BLOCKING`
 * for the super workspace, which has no agency. No row: businesses may not manage (the default).
 */
export async function readModulePolicy(
  db: Db,
  input: ReadModulePolicyInput,
): Promise<ModulePolicy> {
  return db.withWorkspace(input.actor, async (tx) => {
    const view = await loadActorView(tx, input.actor);
    const { workspace } = await requireWorkspaceAccess(view, input.workspaceId);
    const agencyId = workspace.type === 'business' ? workspace.parentWorkspaceId : workspace.id;
    if (workspace.type === 'super' || agencyId === null) {
      throw new ShellError('VALIDATION_BLOCKING', 'the super workspace has no module policy', {
        details: {
          issues: [
            { path: 'query.workspace_id', message: 'Pick an agency or one of its businesses' },
          ],
        },
      });
    }
    return readPolicyRow(tx, agencyId);
  });
}

/** The policy row of `agencyId` as the actor's RLS shows it (the default when there is none). */
export async function readPolicyRow(tx: Tx, agencyId: string): Promise<ModulePolicy> {
  const { rows } = await tx.query<{ businesses_may_manage: boolean; updated_at: Date }>(
    `select businesses_may_manage, updated_at from public.module_policies
      where agency_workspace_id = $1`,
    [agencyId],
  );
  const [row] = rows;
  return {
    agency_workspace_id: agencyId,
    businesses_may_manage: row?.businesses_may_manage ?? false,
    updated_at: row?.updated_at.toISOString() ?? null,
  };
}
