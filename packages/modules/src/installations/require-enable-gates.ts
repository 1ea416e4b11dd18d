import type { Tx } from '@aiconnected/db';
import { loadActorView } from '@aiconnected/access';
import type { ModuleTransitionInput } from './transition-module';
import { requireTransition } from './apply-transition';
import { lockInstallation, readInstallation, type InstallationRow } from './installation-row';
import { readRegisteredModule, type RegisteredModule } from './read-registered-module';
import { requireModuleManager } from './require-module-manager';
import { requirePaidEntitlement } from './require-paid-entitlement';

/** What the enable gates passed with. */
export interface EnableGates {
  /** The installation as read (locked when asked to); enable is a legal move from its state. */
  row: InstallationRow;
  /** Its installed version, whose target is asked for health. */
  module: RegisteredModule;
  paid: boolean;
  /** The entitlement's state for a paid module, else null. */
  billingState: string | null;
}

/**
 * The gates of an enable that need the database, in order: `modules.enable` in the workspace
 * (`requireModuleManager`: scope, capability, the agency's policy for a business),
 * `MODULE_NOT_REGISTERED` for an unknown key, `CONFLICT { from, action }` unless the row is
 * installed or disabled, and for a paid module the billing entitlement (`requirePaidEntitlement`:
 * `BILLING_SUSPENDED` / `BILLING_REQUIRED`). Upgrade and rollback of an enabled installation
 * pass the same billing and health gates for their target version (`moveInstalledVersion`). `enableModule` runs them twice: once reading the row (`'read'`) before
 * the health check, which no transaction spans, and once locking it (`'lock'`) in the short
 * transaction that writes, since another request may have moved the row in between.
 */
export async function requireEnableGates(
  tx: Tx,
  input: ModuleTransitionInput,
  mode: 'read' | 'lock',
): Promise<EnableGates> {
  const { actor, moduleKey, workspaceId } = input;
  const view = await loadActorView(tx, actor);
  await requireModuleManager(tx, view, workspaceId, 'modules.enable', 'enabling a module');
  await readRegisteredModule(tx, moduleKey);
  const row = await (mode === 'lock' ? lockInstallation : readInstallation)(
    tx,
    workspaceId,
    moduleKey,
  );
  requireTransition(moduleKey, row, 'enable');
  // requireTransition refuses `none`: the row exists from here on.
  if (row === null) throw new Error(`module ${moduleKey}: enable passed from none`);
  const module = await readRegisteredModule(tx, moduleKey, row.module_version);
  const billingState = await requirePaidEntitlement(tx, workspaceId, module.manifest);
  return { row, module, paid: module.manifest.paid === true, billingState };
}
