import { loadActorView, recordAudit, requirePlatformCapability } from '@aiconnected/access';
import type { Db } from '@aiconnected/db';
import {
  ShellError,
  type ModuleRegistryRollbackResult,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import semver from 'semver';
import { notRegistered } from './not-registered';
import { readRegistryRow } from './read-registry-row';
import { toRegistryRecord } from './registry-record';
import { setCurrentVersion } from './set-current-version';

export interface RollbackRegistryInput {
  moduleKey: string;
  correlationId: string;
}

const WHAT = 'rolling a module back';

/**
 * Moves a module's current version back to the next lower registered release by semver
 * precedence (`POST /modules/registry/{key}/rollback`): installs use it from then on;
 * existing installations keep their version. Prereleases are skipped (like import and
 * promotion, a rollback never makes `2.0.0-rc.1` current). `MODULE_NOT_REGISTERED` for a key
 * without a registered version, `CONFLICT` (details `module_key`, `current_version`, `reason`
 * `no_lower_version`) when no registered release is lower. Needs `modules.install` in the platform workspace.
 * Audited `module.rollback`.
 */
export async function rollbackRegistry(
  db: Db,
  actor: WorkspaceContext,
  input: RollbackRegistryInput,
): Promise<ModuleRegistryRollbackResult> {
  return db.withWorkspace(actor, async (tx) => {
    requirePlatformCapability(await loadActorView(tx, actor), 'modules.install', WHAT);
    const catalog = await tx.query<{ current_version: string }>(
      'select current_version from public.module_catalog where module_key = $1 for update',
      [input.moduleKey],
    );
    const current = catalog.rows[0]?.current_version;
    if (current === undefined) throw notRegistered(input.moduleKey);
    const { rows } = await tx.query<{ version: string }>(
      `select version from public.module_registry where module_key = $1 and status = 'registered'`,
      [input.moduleKey],
    );
    const lower = rows
      .map((row) => row.version)
      .filter((version) => semver.prerelease(version) === null && semver.lt(version, current))
      .sort(semver.rcompare)[0];
    if (lower === undefined) {
      throw new ShellError('CONFLICT', `${WHAT}: no registered release below ${current}`, {
        details: {
          module_key: input.moduleKey,
          current_version: current,
          reason: 'no_lower_version',
        },
      });
    }
    await setCurrentVersion(tx, input.moduleKey, lower, actor.user_id);
    const row = await readRegistryRow(tx, input.moduleKey, lower);
    if (!row) throw new Error('the registry row rolled back to is not readable');
    await recordAudit(tx, actor, {
      workspaceId: actor.workspace_id,
      action: 'module.rollback',
      targetType: 'module_registry',
      targetId: row.id,
      metadata: { module_key: input.moduleKey, from_version: current, to_version: lower },
      correlationId: input.correlationId,
    });
    return {
      module_key: input.moduleKey,
      from_version: current,
      to_version: lower,
      registry_record: toRegistryRecord(row),
    };
  });
}
