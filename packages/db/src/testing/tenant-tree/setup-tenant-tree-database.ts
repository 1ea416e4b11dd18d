import { setupTestDatabase, type SeededTestDatabase } from '../setup-test-database';
import { seedTenantTree, type SeededTenantTree } from './seed-tenant-tree';
import { TENANT_USERS, type TenantUserKey } from './tenant-users';
import { TENANT_WORKSPACES, type TenantWorkspaceKey } from './tenant-workspaces';

/** The standard tenant tree (`TENANT_WORKSPACES` with `TENANT_USERS`) as seeded. */
export type TenantTree = SeededTenantTree<TenantWorkspaceKey, TenantUserKey>;

/**
 * `setupTestDatabase` with the standard tenant tree seeded by the admin connection: the
 * preamble of a test file that needs the usual super -> agencies -> businesses and their users.
 */
export function setupTenantTreeDatabase(
  ready: (setup: SeededTestDatabase<TenantTree>) => void | Promise<void>,
): void {
  setupTestDatabase(
    (database) =>
      seedTenantTree(database.admin, { workspaces: TENANT_WORKSPACES, users: TENANT_USERS }),
    ready,
  );
}
