import { setupTestDatabase, type SeededTestDatabase } from '../setup-test-database';
import { seedTenantTree, type SeededTenantTree, type TreeUserSpec } from './seed-tenant-tree';
import { TENANT_USERS, type TenantUserKey } from './tenant-users';
import { TENANT_WORKSPACES, type TenantWorkspaceKey } from './tenant-workspaces';

/** The standard tenant tree (`TENANT_WORKSPACES` with `TENANT_USERS`) as seeded. */
export type TenantTree = SeededTenantTree<TenantWorkspaceKey, TenantUserKey>;

type Ready<U extends string> = (
  setup: SeededTestDatabase<SeededTenantTree<TenantWorkspaceKey, U>>,
) => void | Promise<void>;

/**
 * `setupTestDatabase` with the standard tenant tree seeded by the admin connection: the
 * preamble of a test file that needs the usual super -> agencies -> businesses and their users
 * (`TENANT_USERS`, or the file's own `users` in those workspaces).
 */
export function setupTenantTreeDatabase(ready: Ready<TenantUserKey>): void;
export function setupTenantTreeDatabase<U extends string>(
  ready: Ready<U>,
  users: Readonly<Record<U, TreeUserSpec<TenantWorkspaceKey>>>,
): void;
export function setupTenantTreeDatabase(
  ready: Ready<string>,
  users: Readonly<Record<string, TreeUserSpec<TenantWorkspaceKey>>> = TENANT_USERS,
): void {
  setupTestDatabase(
    (database) => seedTenantTree(database.admin, { workspaces: TENANT_WORKSPACES, users }),
    ready,
  );
}
