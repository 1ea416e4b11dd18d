export {
  createTestDatabase,
  type CreateTestDatabaseOptions,
  type TestDatabase,
} from './create-test-database';
export { closeAfterEach } from './close-after-each';
export { setupTestDatabase, type SeededTestDatabase } from './setup-test-database';
export { sdkContractRows, setupSdkContractRows, type SdkContractRow } from './sdk-contract-rows';
export type { TestDatabaseServer } from './test-database-server';
export type { SeedTarget } from './tenant-tree/seed-target';
export {
  seedWorkspace,
  type SeedWorkspaceInput,
  type SeededWorkspace,
} from './tenant-tree/seed-workspace';
export {
  seedUser,
  type SeedUserInput,
  type SeedUserStatus,
  type SeededUser,
} from './tenant-tree/seed-user';
export {
  seedMembership,
  type SeedMembershipInput,
  type SeedOverride,
} from './tenant-tree/seed-membership';
export {
  seedTenantTree,
  type SeedTenantTreeOptions,
  type SeededTenantTree,
  type SeededTreeUser,
  type TenantTreeSpec,
  type TreeUserSpec,
  type TreeWorkspaceSpec,
} from './tenant-tree/seed-tenant-tree';
export { collectTreeIds, type TreeIds } from './tenant-tree/collect-tree-ids';
export { TENANT_WORKSPACES, type TenantWorkspaceKey } from './tenant-tree/tenant-workspaces';
export { TENANT_USERS, type TenantUserKey } from './tenant-tree/tenant-users';
export { setupTenantTreeDatabase, type TenantTree } from './tenant-tree/setup-tenant-tree-database';
export { unusedLoopbackPort } from './unused-port';
