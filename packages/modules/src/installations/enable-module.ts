import type { Db } from '@aiconnected/db';
import { loadActorView } from '@aiconnected/access';
import { readEntitlement, requireModuleEntitlement } from '@aiconnected/billing';
import { ShellError, type ModuleInstallationStateView } from '@aiconnected/sdk-contracts';
import { applyTransition, requireTransition } from './apply-transition';
import type { ModuleTransitionInput } from './disable-module';
import { lockInstallation, toInstallationStateView } from './installation-row';
import { probeModuleTarget } from './probe-module-target';
import { readRegisteredModule } from './read-registered-module';
import { recordModuleHealth } from './record-module-health';
import { requireModuleManager } from './require-module-manager';

/**
 * Enables a module in a workspace (`POST /modules/{key}/enable`), in this order: `modules.enable`
 * there (`requireModuleManager`: scope, capability, the agency's policy for a business),
 * `MODULE_NOT_REGISTERED` for an unknown key, `CONFLICT` unless it is installed or disabled;
 * for a paid module the billing entitlement (`BILLING_SUSPENDED` / `BILLING_REQUIRED`,
 * `@aiconnected/billing`); then the target's health (GET baseUrl + healthPath, 2xx within its
 * timeout, recorded in `module_target_health` whatever it says, else `MODULE_TARGET_UNHEALTHY`
 * with `details: { status, http_status, detail }`). The row stays locked while the target is
 * asked, so a concurrent enable or disable of the same module waits and then sees the new
 * state; the check is recorded after the transaction (the service's own, so a request never
 * holds two connections). Audited as `module.enable`.
 */
export async function enableModule(
  db: Db,
  input: ModuleTransitionInput,
): Promise<ModuleInstallationStateView> {
  const { actor, moduleKey } = input;
  const outcome = await db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    await requireModuleManager(tx, view, input.workspaceId, 'modules.enable', 'enabling a module');
    await readRegisteredModule(tx, moduleKey);
    const row = await lockInstallation(tx, input.workspaceId, moduleKey);
    requireTransition(moduleKey, row, 'enable');
    const module = await readRegisteredModule(tx, moduleKey, row?.module_version);
    const paid = module.manifest.paid === true;
    let billingState: string | null = null;
    if (paid) {
      const entitlement = await readEntitlement(tx, input.workspaceId);
      requireModuleEntitlement(entitlement);
      billingState = entitlement.state;
    }
    const probe = await probeModuleTarget(module.manifest.runtime.target);
    if (probe.status !== 'healthy') return { version: module.version, probe, updated: null };
    const updated = await applyTransition(tx, actor, {
      moduleKey,
      row,
      action: 'enable',
      correlationId: input.correlationId,
      metadata: {
        health: {
          status: probe.status,
          http_status: probe.http_status,
          latency_ms: probe.latency_ms,
        },
        paid,
        billing_state: billingState,
      },
    });
    return { version: module.version, probe, updated };
  });
  // After the transaction (one connection at a time), whatever the target said.
  await recordModuleHealth(db, moduleKey, outcome.version, outcome.probe);
  if (outcome.updated === null) {
    const { probe } = outcome;
    throw new ShellError('MODULE_TARGET_UNHEALTHY', `module ${moduleKey}: ${probe.detail}`, {
      userMessage: `The module's service did not answer its health check (${probe.detail}), so it was not enabled.`,
      details: { status: probe.status, http_status: probe.http_status, detail: probe.detail },
    });
  }
  return toInstallationStateView(outcome.updated);
}
