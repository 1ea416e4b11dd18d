// Module registry and per-workspace installations (PRD §17-19, §41; docs/modules.md).
export {
  fetchManifest,
  PACKAGE_URI_LIMITS,
  type FetchManifestOptions,
  type FetchManifestResult,
  type FetchManifestTestHooks,
  type PackageUriProblem,
} from './registry/fetch-manifest';
export { isPublicAddress } from './registry/is-public-address';
export { notRegistered } from './registry/not-registered';
export {
  importModule,
  type ImportModuleInput,
  type ImportModuleOutcome,
} from './registry/import-module';
export { listRegistry, type ListRegistryInput } from './registry/list-registry';
export { readRegistryModule } from './registry/read-registry-module';
export { readRegistryView, type ReadRegistryViewOptions } from './registry/read-registry-view';
export { promoteDraft, type PromoteDraftInput } from './registry/promote-draft';
export { rejectDraft, type RejectDraftInput } from './registry/reject-draft';
export { rollbackRegistry, type RollbackRegistryInput } from './registry/rollback-registry';
export {
  listContractVersions,
  type ContractVersionFilter,
} from './sdk-contracts/list-contract-versions';
export {
  publishContractVersion,
  type PublishContractVersionInput,
} from './sdk-contracts/publish-contract-version';
// Storing events: shell.emit_event's caller, shared with @aiconnected/events (docs/events.md).
export * from './event-store';
// Per-workspace installations (docs/modules.md "Installations").
export * from './installations';
// The layout's navigation and the module page lookup, answered from a per-workspace snapshot
// (docs/modules.md "Navigation and page lookup cache").
export {
  createModuleSnapshotCache,
  MODULES_CHANGED_CHANNEL,
  type ModuleSnapshotCache,
  type ModuleSnapshotCacheOptions,
} from './navigation/create-module-snapshot-cache';
export {
  enabledModuleOf,
  notEnabled,
  type EnabledSnapshotModule,
} from './navigation/enabled-module-of';
export { readModuleNavigation } from './navigation/read-module-navigation';
export {
  readActorSnapshot,
  type ActorSnapshot,
  type ModuleLookupInput,
} from './navigation/read-actor-snapshot';
export type {
  ModuleSnapshot,
  SnapshotApiRoute,
  SnapshotManifest,
  SnapshotModule,
} from './navigation/module-snapshot';
// Address-pinned connections to module targets (the health probe, the gateway's forwarder,
// event delivery).
export { AddressNotAllowedError, checkedLookup } from './network/checked-lookup';
export { pinnedLookup } from './network/pinned-lookup';
export { resolveHostAddresses, type PinnedAddress } from './network/resolve-host-addresses';
