import type { Db } from '@aiconnected/db';
import {
  loadActorView,
  recordAudit,
  requireWorkspaceCapability,
  translateWriteError,
} from '@aiconnected/access';
import { ShellError, type ModulePolicy, type WorkspaceContext } from '@aiconnected/sdk-contracts';
import { readPolicyRow } from './read-module-policy';

export interface UpdateModulePolicyInput {
  actor: WorkspaceContext;
  agencyWorkspaceId: string;
  businessesMayManage: boolean;
  correlationId: string;
}

/**
 * Sets whether an agency's businesses manage their own modules (`PUT /modules/policy`):
 * `modules.install` in the agency (its admins, super; `WORKSPACE_FORBIDDEN` for an agency the
 * actor cannot see, `PERMISSION_DENIED` without it), `VALIDATION_BLOCKING` for a workspace that
 * is no agency. Upserted under RLS (migration 034); audited as `module.policy_update` when it
 * changes (an unchanged value writes nothing).
 */
export async function updateModulePolicy(
  db: Db,
  input: UpdateModulePolicyInput,
): Promise<ModulePolicy> {
  const { actor } = input;
  return db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    const { workspace } = await requireWorkspaceCapability(
      view,
      input.agencyWorkspaceId,
      'modules.install',
      "changing an agency's module policy",
    );
    if (workspace.type !== 'agency') {
      throw new ShellError('VALIDATION_BLOCKING', 'only an agency has a module policy', {
        details: {
          issues: [{ path: 'body.workspace_id', message: 'Must be an agency workspace' }],
        },
      });
    }
    const before = await readPolicyRow(tx, workspace.id);
    // Unchanged (the default false with no row included): nothing to write or audit.
    if (before.businesses_may_manage === input.businessesMayManage) return before;
    try {
      await tx.query(
        `insert into public.module_policies (agency_workspace_id, businesses_may_manage, updated_by_user_id)
         values ($1, $2, $3)
         on conflict (agency_workspace_id) do update
           set businesses_may_manage = excluded.businesses_may_manage,
               updated_by_user_id = excluded.updated_by_user_id`,
        [workspace.id, input.businessesMayManage, actor.user_id],
      );
    } catch (error) {
      translateWriteError(error, 'update module policy', {});
    }
    await recordAudit(tx, actor, {
      workspaceId: workspace.id,
      action: 'module.policy_update',
      targetType: 'module_policy',
      targetId: workspace.id,
      metadata: {
        businesses_may_manage: {
          from: before.businesses_may_manage,
          to: input.businessesMayManage,
        },
      },
      correlationId: input.correlationId,
    });
    return readPolicyRow(tx, workspace.id);
  });
}
