import semver from 'semver';
import type { Db, Tx } from '@aiconnected/db';
import { loadActorView, recordAudit, translateWriteError } from '@aiconnected/access';
import { ShellError, type ModuleInstallationStateView } from '@aiconnected/sdk-contracts';
import { illegalTransition } from './installation-errors';
import {
  INSTALLATION_COLUMNS,
  keptTokenPermissions,
  lockInstallation,
  readInstallation,
  type InstallationRow,
} from './installation-row';
import { moveInstalledVersion, type VersionMovePlan } from './move-installed-version';
import { STRICT_TARGET_RULES, type ModuleTargetRules } from './probe-module-target';
import { readRegisteredModule } from './read-registered-module';
import { requireModuleManager } from './require-module-manager';
import type { ModuleTransitionInput } from './transition-module';
import { validateInstallationConfig } from './validate-installation-config';
import { emitLifecycleEvent } from './emit-lifecycle-event';

/**
 * Moves an installation back to its previous version (`POST /modules/{key}/rollback`), keeping
 * its state: `modules.install` there (`requireModuleManager`), `MODULE_NOT_REGISTERED` for an
 * unknown key, `CONFLICT` when it is not installed or has no previous version
 * (`details.reason: "no_previous_version"`) or the previous version is not lower by semver
 * (`"not_older"`: a rollback only goes back); its config valid for that version; for an enabled
 * installation, the enable gates for that version (`moveInstalledVersion`: billing for a paid
 * version, its target healthy under `rules`, default `STRICT_TARGET_RULES`). A rollback is used up: `previous_version` becomes null, so a
 * second rollback is `no_previous_version`, and going forward again is an upgrade (to the
 * registry's current version, with its consent rule and gates). Audited as
 * `module.installation_rollback`.
 */
export async function rollbackInstallation(
  db: Db,
  input: ModuleTransitionInput,
  rules: ModuleTargetRules = STRICT_TARGET_RULES,
): Promise<ModuleInstallationStateView> {
  const { actor, moduleKey, workspaceId } = input;
  return moveInstalledVersion(db, input, {
    action: 'rollback',
    refused: 'rolled back',
    rules,
    plan: (tx, mode) => readRollbackPlan(tx, input, mode),
    write: async (tx, { row, target }) => {
      let updated: InstallationRow | undefined;
      try {
        const { rows } = await tx.query<InstallationRow>(
          `update public.module_installations i
              set module_version = $2, previous_version = null,
                  token_permissions = ${keptTokenPermissions('$3')}
            where i.id = $1
            returning ${INSTALLATION_COLUMNS}`,
          [row.id, target.version, target.manifest.permissions],
        );
        updated = rows[0];
      } catch (error) {
        translateWriteError(error, 'roll back module', {});
      }
      if (!updated) throw new Error(`module_installations ${row.id} vanished under its lock`);
      await recordAudit(tx, actor, {
        workspaceId,
        action: 'module.installation_rollback',
        targetType: 'module_installation',
        targetId: moduleKey,
        metadata: {
          module_key: moduleKey,
          version: { from: row.module_version, to: target.version },
        },
        correlationId: input.correlationId,
      });
      await emitLifecycleEvent(tx, {
        row: updated,
        name: 'module.rolled_back',
        previousVersion: row.module_version,
        correlationId: input.correlationId,
      });
      return updated;
    },
  });
}

async function readRollbackPlan(
  tx: Tx,
  input: ModuleTransitionInput,
  mode: 'read' | 'lock',
): Promise<VersionMovePlan> {
  const { actor, moduleKey, workspaceId } = input;
  const view = await loadActorView(tx, actor);
  await requireModuleManager(tx, view, workspaceId, 'modules.install', 'rolling back a module');
  await readRegisteredModule(tx, moduleKey);
  const row = await (mode === 'lock' ? lockInstallation : readInstallation)(
    tx,
    workspaceId,
    moduleKey,
  );
  if (row === null || row.state === 'uninstalled') {
    throw illegalTransition(moduleKey, row?.state ?? 'none', 'rollback');
  }
  if (row.previous_version === null) {
    throw new ShellError('CONFLICT', `module ${moduleKey} has no previous version here`, {
      userMessage: 'There is no earlier version of this module to go back to.',
      details: { reason: 'no_previous_version', version: row.module_version },
    });
  }
  if (!semver.lt(row.previous_version, row.module_version)) {
    throw new ShellError(
      'CONFLICT',
      `module ${moduleKey}: previous ${row.previous_version} is not older than ${row.module_version}`,
      {
        userMessage:
          'The recorded previous version is not older than the installed one: a rollback only goes back. Use Upgrade to move forward.',
        details: {
          reason: 'not_older',
          version: row.module_version,
          previous_version: row.previous_version,
        },
      },
    );
  }
  const target = await readRegisteredModule(tx, moduleKey, row.previous_version);
  validateInstallationConfig(target.manifest, row.config_json);
  return { row, target };
}
