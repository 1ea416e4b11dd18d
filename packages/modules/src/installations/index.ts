// Per-workspace module installations (PRD §19, §23.2, §23.6; docs/modules.md "Installations"):
// the transitions, their enable gates (health, billing), upgrade and rollback, the agency's
// policy, the minimumRole mapping and the available modules with their navigation.
export { installModule, type InstallModuleInput } from './install-module';
export { enableModule } from './enable-module';
export { disableModule } from './disable-module';
export { type ModuleTransitionInput } from './transition-module';
export { uninstallModule } from './uninstall-module';
export { listAvailableModules, type ListAvailableModulesInput } from './list-available-modules';
export { modulePagePath } from '../navigation/module-page-path';
export { previewUpgrade, type PreviewUpgradeInput } from './preview-upgrade';
export { upgradeInstallation, type UpgradeInstallationInput } from './upgrade-installation';
export { rollbackInstallation } from './rollback-installation';
export { checkModuleHealth, type CheckModuleHealthInput } from './check-module-health';
export {
  DEFAULT_HEALTH_TIMEOUT_MS,
  probeModuleTarget,
  STRICT_TARGET_RULES,
  type ModuleTargetRules,
  type ProbeResult,
  type ProbeTestHooks,
} from './probe-module-target';
export { targetAddressRefusal } from './target-address-refusal';
export { readModulePolicy, type ReadModulePolicyInput } from './read-module-policy';
export { updateModulePolicy, type UpdateModulePolicyInput } from './update-module-policy';
export { satisfiesMinimumRole } from './satisfies-minimum-role';
export { matchModulePage } from './match-module-page';
export { matchLayerPath } from './match-layer-path';
export {
  grantedModulePermissions,
  holdsModulePermission,
  moduleRouteRefusal,
  uiTokenModulePermissions,
  type ModuleRouteRule,
} from './module-permissions';
export { resolveModulePage, type ResolveModulePageInput } from './resolve-module-page';
export { diffModulePermissions } from './diff-module-permissions';
export { resolveModuleRuntime, type ResolveModuleRuntimeInput } from './resolve-module-runtime';
export { entryUrlRefusal, type EntryUrlRefusal, type ModuleEntryRules } from './entry-url-refusal';
export {
  setModuleTokenPermissions,
  type SetModuleTokenPermissionsInput,
} from './set-module-token-permissions';
export { recordBreakerState, type RecordBreakerStateInput } from './record-breaker-state';
export { moduleUseRefusal, moduleUseRefusalIn } from './module-use-refusal';
export { paidModuleUseRefusal } from './paid-module-use-refusal';
export { requireModuleManager } from './require-module-manager';
