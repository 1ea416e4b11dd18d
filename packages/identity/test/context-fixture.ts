import {
  collectTreeIds,
  seedMembership,
  seedTenantTree,
  seedUser,
  TENANT_USERS,
  TENANT_WORKSPACES,
  type SeedUserStatus,
  type TenantUserKey,
  type TenantWorkspaceKey,
  type TestDatabase,
  type TreeIds,
} from '@aiconnected/db/testing';
import { createSession, type SessionRecord } from '@aiconnected/identity';
import type { RoleTemplate } from '@aiconnected/permissions';

// The context tests' tree: the shared `TENANT_WORKSPACES` (S, A, A1, A2, B, B1) and
// `TENANT_USERS` (every role of every level, overrides, two-workspace and suspended users).
export type WorkspaceKey = TenantWorkspaceKey;
export type UserKey = TenantUserKey;

export type ContextFixture = TreeIds<WorkspaceKey, UserKey>;

/**
 * Seeds the tree and the users (as service, committed) into a test file's own database: the
 * `seed` of `setupTestDatabase(seedContextTree, ...)`.
 */
export async function seedContextTree({ db }: Pick<TestDatabase, 'db'>): Promise<ContextFixture> {
  const tree = await db.withService('context tests: seed tenant tree', (tx) =>
    seedTenantTree(tx, { workspaces: TENANT_WORKSPACES, users: TENANT_USERS }),
  );
  return collectTreeIds(tree);
}

/**
 * A fresh one-hour session of a tree user with `workspace` active (null: none), created as
 * service: the session record and its token, as sign-in would give them.
 */
export async function openTreeSession(
  database: Pick<TestDatabase, 'db'>,
  fixture: ContextFixture,
  user: UserKey,
  workspace: WorkspaceKey | null,
): Promise<{ token: string; session: SessionRecord }> {
  return database.db.withService('context tests: open a session', (tx) =>
    createSession(tx, {
      userId: fixture.userIds[user],
      activeWorkspaceId: workspace === null ? null : fixture.workspaceIds[workspace],
      ttlHours: 1,
    }),
  );
}

/** A user seeded after the tree: its ids and unique e-mail. */
export interface TreeMember {
  userId: string;
  email: string;
  membershipId: string;
}

/** A new user (active unless given) with one membership in a tree workspace, as the superuser. */
export async function seedTreeMember(
  database: Pick<TestDatabase, 'admin'>,
  fixture: ContextFixture,
  member: { in: WorkspaceKey; role: RoleTemplate; status?: SeedUserStatus },
): Promise<TreeMember> {
  const user = await seedUser(database.admin, { handle: 'member', status: member.status });
  const membershipId = await seedMembership(database.admin, {
    userId: user.id,
    workspaceId: fixture.workspaceIds[member.in],
    role: member.role,
  });
  return { userId: user.id, email: user.email, membershipId };
}

/** The first row of a result that must have one. */
export function firstRow<T>(rows: T[]): T {
  const [row] = rows;
  if (row === undefined) throw new Error('expected a row');
  return row;
}
