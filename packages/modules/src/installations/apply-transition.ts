import type { Tx } from '@aiconnected/db';
import { recordAudit, translateWriteError } from '@aiconnected/access';
import {
  nextInstallationState,
  type ModuleInstallationAction,
  type ModuleInstallationState,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { emitLifecycleEvent } from './emit-lifecycle-event';
import { illegalTransition } from './installation-errors';
import { INSTALLATION_COLUMNS, type InstallationRow } from './installation-row';

/** The state `action` takes `row` to; `CONFLICT` when the transition table has no such move. */
export function requireTransition(
  moduleKey: string,
  row: InstallationRow | null,
  action: ModuleInstallationAction,
): ModuleInstallationState {
  const from = row?.state ?? 'none';
  const to = nextInstallationState(from, action);
  if (to === null) throw illegalTransition(moduleKey, from, action);
  return to;
}

/** The shell event each transition emits. */
const LIFECYCLE_EVENT_OF = {
  enable: 'module.enabled',
  disable: 'module.disabled',
  uninstall: 'module.uninstalled',
} as const;

export interface ApplyTransitionInput {
  moduleKey: string;
  /** Locked by `lockInstallation`; null when the workspace never installed the module. */
  row: InstallationRow | null;
  action: 'enable' | 'disable' | 'uninstall';
  correlationId: string;
  /** Audit metadata beyond `module_key`, `version` and `state`. */
  metadata?: Record<string, unknown>;
}

/**
 * Moves a locked installation row (`lockInstallation`) by `action` per the transition table
 * (`CONFLICT` otherwise), RLS-checked (migration 012's update policy), and writes its audit row
 * (`module.<action>`) and its shell event (`module.enabled|disabled|uninstalled`, with the
 * module's lifecycle callback) in the same transaction.
 */
export async function applyTransition(
  tx: Tx,
  actor: WorkspaceContext,
  input: ApplyTransitionInput,
): Promise<InstallationRow> {
  const { row, action } = input;
  const to = requireTransition(input.moduleKey, row, action);
  // The table has no enable, disable or uninstall from `none`: requireTransition threw.
  if (row === null) throw illegalTransition(input.moduleKey, 'none', action);
  let updated: InstallationRow | undefined;
  try {
    const { rows } = await tx.query<InstallationRow>(
      `update public.module_installations i
          set state = $2, state_changed_at = now(),
              enabled_at = case when $2 = 'enabled' then now() else i.enabled_at end
        where i.id = $1
        returning ${INSTALLATION_COLUMNS}`,
      [row.id, to],
    );
    updated = rows[0];
  } catch (error) {
    translateWriteError(error, `${action} module`, {});
  }
  if (!updated) throw new Error(`module_installations ${row.id} vanished under its lock`);
  await recordAudit(tx, actor, {
    workspaceId: row.workspace_id,
    action: `module.${action}`,
    targetType: 'module_installation',
    targetId: row.module_key,
    metadata: {
      module_key: row.module_key,
      version: row.module_version,
      state: { from: row.state, to },
      ...input.metadata,
    },
    correlationId: input.correlationId,
  });
  await emitLifecycleEvent(tx, {
    row: updated,
    name: LIFECYCLE_EVENT_OF[action],
    correlationId: input.correlationId,
  });
  return updated;
}
