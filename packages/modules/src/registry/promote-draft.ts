import { loadActorView, recordAudit, requirePlatformCapability } from '@aiconnected/access';
import type { Db } from '@aiconnected/db';
import { assess } from '@aiconnected/module-sdk';
import type { ModuleImportResult, WorkspaceContext } from '@aiconnected/sdk-contracts';
import { advanceCurrentVersion } from './advance-current-version';
import { manifestRefused } from './manifest-refused';
import { lockDraft } from './lock-draft';
import { readRegistryRow } from './read-registry-row';
import { readRegistryView } from './read-registry-view';
import { toRegistryRecord } from './registry-record';

export interface PromoteDraftInput {
  moduleKey: string;
  version: string;
  shellOrigins?: readonly string[];
  correlationId: string;
}

const WHAT = 'promoting a module draft';

/**
 * Promotes a draft to `registered` (`POST /modules/registry/{key}/versions/{version}/promote`):
 * its manifest is assessed again against the registry as it is now (other rows only); blocking
 * findings refuse it like an import (`MANIFEST_INVALID` / `MANIFEST_INCOMPATIBLE`, report in
 * `details.assessment`, nothing changed). Promoted, it keeps the new report and becomes the
 * module's current version when the module has none yet or it is semver-greater than the
 * current one (`advanceCurrentVersion`; else `is_current: false`). `MODULE_NOT_REGISTERED` for an unknown key or version, `CONFLICT`
 * (details `status`, `action`) for a row that is no draft. Needs `modules.install` in the
 * platform workspace. Audited `module.promote`.
 */
export async function promoteDraft(
  db: Db,
  actor: WorkspaceContext,
  input: PromoteDraftInput,
): Promise<ModuleImportResult> {
  return db.withWorkspace(actor, async (tx) => {
    requirePlatformCapability(await loadActorView(tx, actor), 'modules.install', WHAT);
    const draft = await lockDraft(tx, input.moduleKey, input.version, 'promote', WHAT);
    const registry = await readRegistryView(tx, {
      shellOrigins: input.shellOrigins,
      excludeId: draft.id,
    });
    const assessment = assess(draft.manifest_json, registry);
    if (assessment.outcome === 'rejected') throw manifestRefused(assessment, WHAT);
    await tx.query(
      `update public.module_registry
          set status = 'registered', registered_at = now(), reviewed_at = now(),
              reviewed_by_user_id = $2, assessment_json = $3
        where id = $1`,
      [draft.id, actor.user_id, assessment],
    );
    await advanceCurrentVersion(tx, draft.module_key, draft.version, actor.user_id);
    await recordAudit(tx, actor, {
      workspaceId: actor.workspace_id,
      action: 'module.promote',
      targetType: 'module_registry',
      targetId: draft.id,
      metadata: {
        module_key: draft.module_key,
        version: draft.version,
        warnings: assessment.counts.warning,
      },
      correlationId: input.correlationId,
    });
    const row = await readRegistryRow(tx, draft.module_key, draft.version);
    if (!row) throw new Error('the promoted registry row is not readable');
    return { assessment, registry_record: toRegistryRecord(row) };
  });
}
