import type { Db, Tx } from '@aiconnected/db';
import { ShellError, type ModuleInstallationStateView } from '@aiconnected/sdk-contracts';
import { toInstallationStateView, type InstallationRow } from './installation-row';
import type { RegisteredModule } from './read-registered-module';
import type { ModuleTargetRules } from './probe-module-target';
import { requireHealthyTarget } from './require-healthy-target';
import { requirePaidEntitlement } from './require-paid-entitlement';
import type { ModuleTransitionInput } from './transition-module';

/** An installation and the registered version a move would take it to. */
export interface VersionMovePlan {
  row: InstallationRow;
  target: RegisteredModule;
}

export interface VersionMove<P extends VersionMovePlan> {
  action: 'upgrade' | 'rollback';
  /** For the health refusal's message: `upgraded`, `rolled back`. */
  refused: string;
  /** The move's own checks on the row as it is (`'read'`) or locked (`'lock'`). */
  plan: (tx: Tx, mode: 'read' | 'lock') => Promise<P>;
  /** The write and its audit row, in the locked transaction. */
  write: (tx: Tx, plan: P) => Promise<InstallationRow>;
  /** The target address rules of the health check (`probeModuleTarget`). */
  rules: ModuleTargetRules;
}

/**
 * Moves an installation to another registered version (upgrade, rollback) keeping its state.
 * An ENABLED installation passes the enable gates for the target version first, as
 * `enableModule` does: the billing entitlement for a paid target (`requirePaidEntitlement`),
 * then, with no transaction open, the target's health (`requireHealthyTarget`); a refusal
 * changes nothing. An installed or disabled one moves without them (they are checked on
 * enable). Then one short transaction locks the row and runs the move's checks and the billing
 * gate again: a row moved meanwhile (another version installed or targeted, or enabled without
 * the target having been asked) is `CONFLICT` with `reason: "changed_meanwhile"`.
 */
export async function moveInstalledVersion<P extends VersionMovePlan>(
  db: Db,
  input: ModuleTransitionInput,
  move: VersionMove<P>,
): Promise<ModuleInstallationStateView> {
  const { actor, workspaceId } = input;
  const checked = await db.withWorkspace(actor, async (tx) => {
    const plan = await move.plan(tx, 'read');
    if (plan.row.state === 'enabled') {
      await requirePaidEntitlement(tx, workspaceId, plan.target.manifest);
    }
    return plan;
  });
  const probed = checked.row.state === 'enabled';
  if (probed) await requireHealthyTarget(db, checked.target, move.refused, move.rules);
  const updated = await db.withWorkspace(actor, async (tx) => {
    const plan = await move.plan(tx, 'lock');
    const enabled = plan.row.state === 'enabled';
    if (
      plan.row.module_version !== checked.row.module_version ||
      plan.target.version !== checked.target.version ||
      (enabled && !probed)
    ) {
      throw new ShellError('CONFLICT', `module ${input.moduleKey}: moved while being checked`, {
        userMessage: 'The module was changed meanwhile. Try again.',
        details: {
          from: plan.row.state,
          action: move.action,
          reason: 'changed_meanwhile',
          version: plan.row.module_version,
        },
      });
    }
    if (enabled) await requirePaidEntitlement(tx, workspaceId, plan.target.manifest);
    return move.write(tx, plan);
  });
  return toInstallationStateView(updated);
}
