import { randomUUID } from 'node:crypto';
import {
  seedTenantTree,
  TENANT_USERS,
  TENANT_WORKSPACES,
  type SeededTenantTree,
  type TenantUserKey,
  type TenantWorkspaceKey,
  type TestDatabase,
} from '@aiconnected/db/testing';
import { ROLE_CAPABILITIES, type Capability, type RoleTemplate } from '@aiconnected/permissions';
import { NOT_IMPERSONATING, type WorkspaceContext } from '@aiconnected/sdk-contracts';

// The shared tree of the package tests: `TENANT_WORKSPACES` (super S; agency A with A1, A2;
// agency B with B1) and `TENANT_USERS`.
export type WorkspaceKey = TenantWorkspaceKey;
export type UserKey = TenantUserKey;
export type AccessTree = SeededTenantTree<WorkspaceKey, UserKey>;

/** Seeds the tree of the access tests (the `seed` of `setupTestDatabase(seedAccessTree, ...)`). */
export function seedAccessTree(test: TestDatabase): Promise<AccessTree> {
  return seedTenantTree(test.admin, { workspaces: TENANT_WORKSPACES, users: TENANT_USERS });
}

/**
 * The request context of `user` acting in `workspace` as `role`, claiming `claims` (the role's
 * capabilities unless given), as the session resolver would build it.
 */
export function actorContext(
  tree: AccessTree,
  user: UserKey,
  workspace: WorkspaceKey,
  role: RoleTemplate,
  claims: readonly Capability[] = ROLE_CAPABILITIES[role],
): WorkspaceContext {
  return {
    user_id: tree.users[user].id,
    session_id: randomUUID(),
    workspace_id: tree.workspaces[workspace].id,
    role_template: role,
    permissions: [...claims],
    impersonation: NOT_IMPERSONATING,
  };
}
