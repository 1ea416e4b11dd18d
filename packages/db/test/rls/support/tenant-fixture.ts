import { randomUUID } from 'node:crypto';
import {
  collectTreeIds,
  seedTenantTree,
  type TenantTreeSpec,
  type TestDatabase,
  type TreeIds,
} from '@aiconnected/db/testing';
import {
  ROLE_CAPABILITIES,
  ROLE_SCOPE,
  ROLE_TEMPLATES,
  type RoleTemplate,
  type WorkspaceType,
} from '@aiconnected/permissions';
import { NOT_IMPERSONATING, type WorkspaceContext } from '@aiconnected/sdk-contracts';

/** The two tenant trees of the matrix: agency A with businesses A1, A2; agency B with B1. */
export const WORKSPACE_TREE = [
  { key: 'super', type: 'super', parent: null },
  { key: 'A', type: 'agency', parent: 'super' },
  { key: 'A1', type: 'business', parent: 'A' },
  { key: 'A2', type: 'business', parent: 'A' },
  { key: 'B', type: 'agency', parent: 'super' },
  { key: 'B1', type: 'business', parent: 'B' },
] as const satisfies readonly { key: string; type: WorkspaceType; parent: string | null }[];

export type WorkspaceKey = (typeof WORKSPACE_TREE)[number]['key'];
export const WORKSPACE_KEYS: readonly WorkspaceKey[] = WORKSPACE_TREE.map((node) => node.key);

/** One fixture user: a single active membership with `role` in its `home` workspace. */
export interface MemberSpec {
  /** Stable test name, e.g. `A1.business_admin`. */
  label: string;
  role: RoleTemplate;
  home: WorkspaceKey;
}

/** A user of every role template of its level in each workspace (3 x 6 = 18), known before seeding so tests can be generated from it. */
export const MEMBERS: readonly MemberSpec[] = WORKSPACE_TREE.flatMap((node) =>
  ROLE_TEMPLATES.filter((role) => ROLE_SCOPE[role] === node.type).map((role) => ({
    label: `${node.key}.${role}`,
    role,
    home: node.key,
  })),
);

/** Ids of the seeded tenant trees, by workspace key and member label. */
export type TenantFixture = TreeIds<WorkspaceKey, string>;

/** The matrix as a tree spec: the workspaces above, each member with its one membership. */
const MATRIX_TREE: TenantTreeSpec<WorkspaceKey, string> = {
  workspaces: WORKSPACE_TREE.map((node) => ({ ...node, name: `RLS ${node.key}` })),
  users: Object.fromEntries(
    MEMBERS.map((member) => [
      member.label,
      { memberships: [{ in: member.home, role: member.role }] },
    ]),
  ),
};

/**
 * Seeds the super workspace, both tenant trees and one user per member spec (as service,
 * committed) into a test file's own database: the `seed` of `setupTestDatabase(seedTenantTrees, ...)`.
 */
export async function seedTenantTrees({ db }: Pick<TestDatabase, 'db'>): Promise<TenantFixture> {
  const tree = await db.withService('rls matrix: seed tenant trees', (svc) =>
    seedTenantTree(svc, MATRIX_TREE),
  );
  return collectTreeIds(tree);
}

/** The user id of a seeded member. */
export function userIdOf(fixture: TenantFixture, member: MemberSpec): string {
  const id = fixture.userIds[member.label];
  if (id === undefined) throw new Error(`member ${member.label} was not seeded`);
  return id;
}

/**
 * The WorkspaceContext the server would build for `member` in its home workspace: the role
 * template's capabilities, a fresh session, no impersonation. `overrides` forges claims.
 */
export function memberContext(
  fixture: TenantFixture,
  member: MemberSpec,
  overrides: Partial<WorkspaceContext> = {},
): WorkspaceContext {
  return {
    user_id: userIdOf(fixture, member),
    session_id: randomUUID(),
    workspace_id: fixture.workspaceIds[member.home],
    role_template: member.role,
    permissions: [...ROLE_CAPABILITIES[member.role]],
    impersonation: NOT_IMPERSONATING,
    ...overrides,
  };
}

/** The member spec with `label`; throws for an unknown label so a typo cannot pass silently. */
export function memberNamed(label: string): MemberSpec {
  const member = MEMBERS.find((candidate) => candidate.label === label);
  if (!member) throw new Error(`no member ${label}`);
  return member;
}

/** The single row of a result that must have exactly one. */
export function only<T>(rows: T[]): T {
  const [row] = rows;
  if (rows.length !== 1 || row === undefined)
    throw new Error(`expected one row, got ${rows.length}`);
  return row;
}
