import { ShellError } from '@aiconnected/sdk-contracts';
import { notRegistered } from '../registry/not-registered';
import type { ModuleSnapshot, SnapshotManifest, SnapshotModule } from './module-snapshot';

/** A snapshot's module that is enabled there: its installed version and manifest are known. */
export type EnabledSnapshotModule = SnapshotModule & {
  state: 'enabled';
  version: string;
  manifest: SnapshotManifest;
};

/**
 * `MODULE_NOT_ENABLED` for a registered module in `state` (`not_installed` when never
 * installed) in a workspace, `details: { module_key, state }`.
 */
export function notEnabled(moduleKey: string, state: string, userMessage?: string): ShellError {
  return new ShellError('MODULE_NOT_ENABLED', `module ${moduleKey} is ${state} here`, {
    ...(userMessage === undefined ? {} : { userMessage }),
    details: { module_key: moduleKey, state },
  });
}

/**
 * Module `moduleKey` of a workspace's snapshot when it is enabled there, or the refusal every
 * snapshot reader (the page lookup, the runtime, the gateway) answers first:
 * `MODULE_NOT_REGISTERED` (no registered current version), then `MODULE_NOT_ENABLED`
 * (`details.state`).
 */
export function enabledModuleOf(
  snapshot: ModuleSnapshot,
  moduleKey: string,
): EnabledSnapshotModule {
  const module = snapshot.modules.get(moduleKey);
  if (module === undefined) throw notRegistered(moduleKey);
  if (module.state !== 'enabled' || module.manifest === null || module.version === null) {
    throw notEnabled(moduleKey, module.state ?? 'not_installed');
  }
  return module as EnabledSnapshotModule;
}
