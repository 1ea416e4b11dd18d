import type { Db } from '@aiconnected/db';
import { loadActorView } from '@aiconnected/access';
import type { ModuleHealthCheck, WorkspaceContext } from '@aiconnected/sdk-contracts';
import {
  probeModuleTarget,
  STRICT_TARGET_RULES,
  type ModuleTargetRules,
} from './probe-module-target';
import { readRegisteredModule } from './read-registered-module';
import { recordModuleHealth } from './record-module-health';
import { requireModuleManager } from './require-module-manager';

export interface CheckModuleHealthInput {
  actor: WorkspaceContext;
  moduleKey: string;
  /** Default: the actor's active workspace. */
  workspaceId?: string;
}

/**
 * Checks a module's target now (`POST /modules/{key}/health-check`): the version installed in
 * the workspace, else the module's current version; who may is enable's rule
 * (`requireModuleManager` with `modules.enable`: `WORKSPACE_FORBIDDEN`, `PERMISSION_DENIED`,
 * and for a business's own admins and managers the agency's policy, `reason: "agency_policy"`),
 * `MODULE_NOT_REGISTERED` for an unknown key.
 * The result is recorded (`module_target_health`) and answered, healthy or not: an unhealthy
 * target is a result here, not an error. `rules`: the target address rules (default: outside
 * local mode's, `STRICT_TARGET_RULES`), a refused address being an unhealthy result.
 */
export async function checkModuleHealth(
  db: Db,
  input: CheckModuleHealthInput,
  rules: ModuleTargetRules = STRICT_TARGET_RULES,
): Promise<ModuleHealthCheck> {
  const { actor, moduleKey } = input;
  const workspaceId = input.workspaceId ?? actor.workspace_id;
  const module = await db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    await requireModuleManager(
      tx,
      view,
      workspaceId,
      'modules.enable',
      "checking a module's health",
    );
    const { rows } = await tx.query<{ module_version: string }>(
      `select module_version from public.module_installations
        where workspace_id = $1 and module_key = $2 and state <> 'uninstalled'`,
      [workspaceId, moduleKey],
    );
    return readRegisteredModule(tx, moduleKey, rows[0]?.module_version);
  });
  const result = await probeModuleTarget(module.manifest.runtime.target, rules);
  const health = await recordModuleHealth(db, moduleKey, module.version, result);
  return { module_key: moduleKey, version: module.version, health };
}
