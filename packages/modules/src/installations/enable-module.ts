import type { Db } from '@aiconnected/db';
import { ShellError, type ModuleInstallationStateView } from '@aiconnected/sdk-contracts';
import { applyTransition } from './apply-transition';
import type { ModuleTransitionInput } from './transition-module';
import { toInstallationStateView } from './installation-row';
import { STRICT_TARGET_RULES, type ModuleTargetRules } from './probe-module-target';
import { requireHealthyTarget } from './require-healthy-target';
import { requireEnableGates } from './require-enable-gates';

/**
 * Enables a module in a workspace (`POST /modules/{key}/enable`) in three steps, so no row
 * lock and no transaction is held while the target is asked (up to its `timeoutMs`):
 * 1. the gates (`requireEnableGates`: `modules.enable`, `MODULE_NOT_REGISTERED`, `CONFLICT`
 *    unless installed or disabled, billing for a paid module) on the row as it is, no lock;
 * 2. with no transaction open, the installed version's target health (GET baseUrl +
 *    healthPath, 2xx within its timeout, under `rules`' address rules: default outside local
 *    mode's, `STRICT_TARGET_RULES`), recorded in `module_target_health` whatever it says
 *    (the service's own transaction); unhealthy is `MODULE_TARGET_UNHEALTHY` with
 *    `details: { status, http_status, detail }`;
 * 3. one short transaction: the gates again with the row locked (a disable, uninstall,
 *    upgrade or policy change made meanwhile is seen: `CONFLICT { from, action }` as the table
 *    says; a different installed version than the one checked is `CONFLICT` with
 *    `reason: "version_changed"`), then the write and its `module.enable` audit row.
 */
export async function enableModule(
  db: Db,
  input: ModuleTransitionInput,
  rules: ModuleTargetRules = STRICT_TARGET_RULES,
): Promise<ModuleInstallationStateView> {
  const { actor, moduleKey } = input;
  const checked = await db.withWorkspace(actor, (tx) => requireEnableGates(tx, input, 'read'));
  const { version } = checked.module;
  const probe = await requireHealthyTarget(db, checked.module, 'enabled', rules);
  const updated = await db.withWorkspace(actor, async (tx) => {
    const gates = await requireEnableGates(tx, input, 'lock');
    if (gates.module.version !== version) {
      throw new ShellError(
        'CONFLICT',
        `module ${moduleKey}: version ${gates.module.version} installed while ${version} was checked`,
        {
          userMessage: 'The module was upgraded or rolled back meanwhile. Try enabling it again.',
          details: {
            from: gates.row.state,
            action: 'enable',
            reason: 'version_changed',
            checked_version: version,
            version: gates.module.version,
          },
        },
      );
    }
    return applyTransition(tx, actor, {
      moduleKey,
      row: gates.row,
      action: 'enable',
      correlationId: input.correlationId,
      metadata: {
        health: {
          status: probe.status,
          http_status: probe.http_status,
          latency_ms: probe.latency_ms,
        },
        paid: gates.paid,
        billing_state: gates.billingState,
      },
    });
  });
  return toInstallationStateView(updated);
}
