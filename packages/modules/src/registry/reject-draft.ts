import { loadActorView, recordAudit, requirePlatformCapability } from '@aiconnected/access';
import type { Db } from '@aiconnected/db';
import type { ModuleRegistryRecord, WorkspaceContext } from '@aiconnected/sdk-contracts';
import { lockDraft } from './lock-draft';
import { readRegistryRow } from './read-registry-row';
import { toRegistryRecord } from './registry-record';

export interface RejectDraftInput {
  moduleKey: string;
  version: string;
  /** Why (validated by the route with `safeText`): stored as the row's `review_note`. */
  reason: string;
  correlationId: string;
}

const WHAT = 'rejecting a module draft';

/**
 * Rejects a draft (`POST /modules/registry/{key}/versions/{version}/reject`): status
 * `rejected` with the reason; the key and version stay taken (an import of them again is
 * `VERSION_CONFLICT`). `MODULE_NOT_REGISTERED` for an unknown key or version, `CONFLICT`
 * (details `status`, `action`) for a row that is no draft. Needs `modules.install` in the
 * platform workspace. Audited `module.reject`.
 */
export async function rejectDraft(
  db: Db,
  actor: WorkspaceContext,
  input: RejectDraftInput,
): Promise<ModuleRegistryRecord> {
  return db.withWorkspace(actor, async (tx) => {
    requirePlatformCapability(await loadActorView(tx, actor), 'modules.install', WHAT);
    const draft = await lockDraft(tx, input.moduleKey, input.version, 'reject', WHAT);
    await tx.query(
      `update public.module_registry
          set status = 'rejected', reviewed_at = now(), reviewed_by_user_id = $2, review_note = $3
        where id = $1`,
      [draft.id, actor.user_id, input.reason],
    );
    await recordAudit(tx, actor, {
      workspaceId: actor.workspace_id,
      action: 'module.reject',
      targetType: 'module_registry',
      targetId: draft.id,
      metadata: { module_key: draft.module_key, version: draft.version, reason: input.reason },
      correlationId: input.correlationId,
    });
    const row = await readRegistryRow(tx, draft.module_key, draft.version);
    if (!row) throw new Error('the rejected registry row is not readable');
    return toRegistryRecord(row);
  });
}
