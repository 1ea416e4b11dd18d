import { randomUUID } from 'node:crypto';
import {
  seedTenantTree,
  TENANT_WORKSPACES,
  type SeededTenantTree,
  type TenantWorkspaceKey,
  type TestDatabase,
} from '@aiconnected/db/testing';
import { ROLE_CAPABILITIES, type Capability, type RoleTemplate } from '@aiconnected/permissions';
import { NOT_IMPERSONATING, type WorkspaceContext } from '@aiconnected/sdk-contracts';

/** The shared `TENANT_WORKSPACES`: super S; agency A with A1, A2; agency B with B1. */
export type WorkspaceKey = TenantWorkspaceKey;

/** Each agency role, two super roles, a business admin; the manager is denied users.manage. */
const USERS = {
  superAdmin: { memberships: [{ in: 'S', role: 'super_admin' }] },
  superUser: { memberships: [{ in: 'S', role: 'super_user' }] },
  agencyAdminA: { memberships: [{ in: 'A', role: 'agency_admin' }] },
  agencyManagerA: {
    memberships: [
      {
        in: 'A',
        role: 'agency_manager',
        overrides: [{ capability: 'users.manage', allow: false }],
      },
    ],
  },
  agencyUserA: { memberships: [{ in: 'A', role: 'agency_user' }] },
  businessAdminA1: { memberships: [{ in: 'A1', role: 'business_admin' }] },
} as const satisfies Record<
  string,
  { memberships: readonly { in: WorkspaceKey; role: RoleTemplate; overrides?: unknown }[] }
>;

export type UserKey = keyof typeof USERS;
export type AccessTree = SeededTenantTree<WorkspaceKey, UserKey>;

/** Seeds the tree of the access tests (the `seed` of `setupTestDatabase(seedAccessTree, ...)`). */
export function seedAccessTree(test: TestDatabase): Promise<AccessTree> {
  return seedTenantTree(test.admin, { workspaces: TENANT_WORKSPACES, users: USERS });
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
