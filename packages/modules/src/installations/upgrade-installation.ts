import type { Db } from '@aiconnected/db';
import { loadActorView, recordAudit, translateWriteError } from '@aiconnected/access';
import {
  ShellError,
  type ModuleInstallationStateView,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import {
  INSTALLATION_COLUMNS,
  keptTokenPermissions,
  type InstallationRow,
} from './installation-row';
import { moveInstalledVersion } from './move-installed-version';
import { STRICT_TARGET_RULES, type ModuleTargetRules } from './probe-module-target';
import { readUpgradePlan } from './read-upgrade-plan';
import { validateInstallationConfig } from './validate-installation-config';
import { emitLifecycleEvent } from './emit-lifecycle-event';

export interface UpgradeInstallationInput {
  actor: WorkspaceContext;
  workspaceId: string;
  moduleKey: string;
  /**
   * The version the caller previewed (`GET /modules/{key}/upgrade`'s `to_version`): the upgrade
   * goes there or nowhere, so a consent never covers a version whose diff was not seen.
   */
  toVersion: string;
  /** Required (true) when the diff grants more. */
  consent?: boolean;
  correlationId: string;
}

/**
 * Moves an installation to the registry's current version (`POST /modules/{key}/upgrade`),
 * keeping its state: the checks of `readUpgradePlan`; the current version still `toVersion`, else
 * `CONFLICT` with `details: { reason: "version_changed", to_version, current_version }` (it moved
 * since the preview); when the permission diff grants more, an
 * admin's `consent: true`, else `CONFLICT` with `details: { reason: "consent_required", diff }`;
 * the installation's config valid for the new version's configSchema (`VALIDATION_BLOCKING`);
 * for an enabled installation, the enable gates for the new version (`moveInstalledVersion`:
 * billing for a paid version, its target healthy under `rules`, default `STRICT_TARGET_RULES`).
 * The old version becomes `previous_version`
 * (rollback). Audited as `module.upgrade`.
 */
export async function upgradeInstallation(
  db: Db,
  input: UpgradeInstallationInput,
  rules: ModuleTargetRules = STRICT_TARGET_RULES,
): Promise<ModuleInstallationStateView> {
  const { actor } = input;
  return moveInstalledVersion(db, input, {
    action: 'upgrade',
    refused: 'upgraded',
    rules,
    plan: async (tx, mode) => {
      const view = await loadActorView(tx, actor);
      const plan = await readUpgradePlan(tx, view, input, mode);
      if (plan.target.version !== input.toVersion) {
        throw new ShellError(
          'CONFLICT',
          `module ${input.moduleKey}: the current version is ${plan.target.version}, not ${input.toVersion}`,
          {
            userMessage:
              'A newer version of this module was registered meanwhile: review its changes again.',
            details: {
              reason: 'version_changed',
              to_version: input.toVersion,
              current_version: plan.target.version,
            },
          },
        );
      }
      if (plan.diff.grants_more && input.consent !== true) {
        throw new ShellError('CONFLICT', `module ${input.moduleKey}: the upgrade grants more`, {
          userMessage:
            'This version asks for more than the installed one: review what it adds and consent to upgrade.',
          details: { reason: 'consent_required', diff: plan.diff },
        });
      }
      validateInstallationConfig(plan.target.manifest, plan.row.config_json);
      return plan;
    },
    write: async (tx, { row, target, diff }) => {
      let updated: InstallationRow | undefined;
      try {
        const { rows } = await tx.query<InstallationRow>(
          `update public.module_installations i
              set module_version = $2, previous_version = i.module_version,
                  token_permissions = ${keptTokenPermissions('$3')}
            where i.id = $1
            returning ${INSTALLATION_COLUMNS}`,
          [row.id, target.version, target.manifest.permissions],
        );
        updated = rows[0];
      } catch (error) {
        translateWriteError(error, 'upgrade module', {});
      }
      if (!updated) throw new Error(`module_installations ${row.id} vanished under its lock`);
      await recordAudit(tx, actor, {
        workspaceId: input.workspaceId,
        action: 'module.upgrade',
        targetType: 'module_installation',
        targetId: input.moduleKey,
        metadata: {
          module_key: input.moduleKey,
          version: { from: row.module_version, to: target.version },
          grants_more: diff.grants_more,
          consent: input.consent === true,
          added_permissions: diff.permissions.added,
        },
        correlationId: input.correlationId,
      });
      await emitLifecycleEvent(tx, {
        row: updated,
        name: 'module.upgraded',
        previousVersion: row.module_version,
        correlationId: input.correlationId,
      });
      return updated;
    },
  });
}
