import { randomUUID } from 'node:crypto';
import { asServiceRole, type Tx } from '@aiconnected/db';
import {
  moduleLifecycleStream,
  SHELL_EVENT_SOURCE,
  type ModuleLifecycleEvent,
  type ModuleLifecycleEventData,
  type ModuleWebhookAction,
} from '@aiconnected/sdk-contracts';
import { storeEvent } from '../event-store/store-event';
import type { InstallationRow } from './installation-row';

/** The lifecycle callback each transition event calls, when the module declares its path. */
const CALLBACK_OF: Partial<Record<ModuleLifecycleEvent, ModuleWebhookAction>> = {
  'module.installed': 'install',
  'module.enabled': 'enable',
  'module.disabled': 'disable',
  'module.uninstalled': 'uninstall',
};

export interface LifecycleEventInput {
  /** The installation after the transition. */
  row: InstallationRow;
  name: ModuleLifecycleEvent;
  /** The version before an upgrade or rollback. */
  previousVersion?: string;
  correlationId: string;
}

/**
 * Emits the shell event of a module transition (docs/events.md "Shell events") in the
 * transition's own transaction, as the service: `/shell`, stream `modules/<key>`, data the
 * installation after it. Subscribers in the workspace get it, and the module itself its
 * lifecycle callback when its manifest declares one. Rolled back with the transition.
 */
export async function emitLifecycleEvent(tx: Tx, input: LifecycleEventInput): Promise<void> {
  const { row, name } = input;
  const data: ModuleLifecycleEventData = {
    installation_id: row.id,
    module_key: row.module_key,
    version: row.module_version,
    ...(input.previousVersion === undefined ? {} : { previous_version: input.previousVersion }),
    state: row.state,
  };
  const callback = CALLBACK_OF[name];
  await asServiceRole(tx, `emit ${name}`, () =>
    storeEvent(tx, {
      workspaceId: row.workspace_id,
      eventName: name,
      source: SHELL_EVENT_SOURCE,
      stream: moduleLifecycleStream(row.module_key),
      payload: data,
      correlationId: input.correlationId,
      // One event per transition: nothing retries it with the same key.
      idempotencyKey: `${name}:${row.id}:${randomUUID()}`,
      ...(callback === undefined ? {} : { action: { installationId: row.id, action: callback } }),
    }),
  );
}
