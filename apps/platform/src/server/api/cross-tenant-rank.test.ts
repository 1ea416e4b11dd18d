import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TestDatabase } from '@aiconnected/db/testing';
import type { ApiApp } from '@/server/api/context';
import {
  as,
  correlationIdOf,
  ROLE_TREE_MEMBERS,
  seedRoleTree,
  setupApiTest,
  signInAll,
  snapshotTables,
  type MemberLabel,
  type RoleTree,
} from '@/server/api/testing';

// The cross-tenant matrix of the rank rule, inside each tree and across them:
// 1. every manager aimed at every account it governs but could not grant (an admin of its own
//    level or below, super_admin for super_manager) is refused PERMISSION_DENIED on every
//    operation that targets a user or their membership, and nothing changes;
// 2. inviting any existing account of the other tree answers exactly as inviting a new
//    address, adds no membership and quotes nothing of the account.

/** Every manager of the seeded trees, with every member it governs but could not grant. */
const OUTRANKING: Record<string, readonly MemberLabel[]> = {
  'S.super_manager': [
    'S.super_admin',
    'A.agency_admin',
    'A1.business_admin',
    'B.agency_admin',
    'B1.business_admin',
  ],
  'A.agency_manager': ['A.agency_admin', 'A1.business_admin'],
  'A1.business_manager': ['A1.business_admin'],
  'B.agency_manager': ['B.agency_admin', 'B1.business_admin'],
  'B1.business_manager': ['B1.business_admin'],
};
const OUTRANKED = Object.entries(OUTRANKING).flatMap(([manager, targets]) =>
  targets.map((target) => ({ manager: manager as MemberLabel, target })),
);

interface Operation {
  name: string;
  request(target: RoleTree['members'][MemberLabel]): {
    method: string;
    path: string;
    body?: unknown;
  };
}

const OPERATIONS: readonly Operation[] = [
  {
    name: 'PATCH /users/{id}/email',
    request: (t) => ({
      method: 'PATCH',
      path: `/users/${t.id}/email`,
      body: { new_email: `takeover-${randomBytes(3).toString('hex')}@example.test` },
    }),
  },
  {
    name: 'PATCH /users/{id} status',
    request: (t) => ({
      method: 'PATCH',
      path: `/users/${t.id}`,
      body: { status: 'suspended' },
    }),
  },
  {
    name: 'PATCH /users/{id} profile',
    request: (t) => ({
      method: 'PATCH',
      path: `/users/${t.id}`,
      body: { profile: { display_name: 'Taken Over' } },
    }),
  },
  {
    name: 'POST /users/{id}/password-reset-link',
    request: (t) => ({
      method: 'POST',
      path: `/users/${t.id}/password-reset-link`,
    }),
  },
  {
    name: 'PATCH /memberships/{id} active',
    request: (t) => ({
      method: 'PATCH',
      path: `/memberships/${t.membershipId}`,
      body: { active: false },
    }),
  },
];

let database: TestDatabase;
let tree: RoleTree;
let api: ApiApp;
let tokens: Record<MemberLabel, string>;
let baseline: Record<string, string>;

setupApiTest(seedRoleTree, async (setup) => {
  ({ database, tree, api } = setup);
  tokens = await signInAll(api, tree);
  baseline = await snapshotTables(database);
});

describe.each(OUTRANKED)('$manager aimed at $target', ({ manager, target }) => {
  it.each(OPERATIONS)('$name is PERMISSION_DENIED and changes nothing', async (operation) => {
    const { method, path, body } = operation.request(tree.members[target]);
    const response = await api.request(`/api${path}`, as(tokens[manager], method, body));
    const text = await response.text();
    expect(JSON.parse(text), text).toStrictEqual({
      error: {
        code: 'PERMISSION_DENIED',
        message: expect.any(String),
        details: expect.objectContaining({
          reason: expect.toBeOneOf(['role_not_manageable', 'role_not_assignable']),
        }),
        correlation_id: correlationIdOf(response),
      },
    });
    expect(response.status).toBe(403);
    expect(await snapshotTables(database)).toStrictEqual(baseline);
  });
});

describe('inviting an existing account of the other tree', () => {
  const others = ROLE_TREE_MEMBERS.filter(([home]) => home.startsWith('B')).map(
    ([home, role]): MemberLabel => `${home}.${role}`,
  );

  it.each(others)(
    '%s: the answer of a new address, no membership, nothing of the account quoted',
    async (label) => {
      const existing = tree.members[label];
      const before = await database.admin.query(
        'select id, workspace_id, role_template, active from public.workspace_memberships where user_id = $1 order by id',
        [existing.id],
      );
      const invite = (email: string) =>
        api.request(
          '/api/memberships',
          as(tokens['A.agency_admin'], 'POST', {
            workspace_id: tree.workspaces.A1.id,
            email,
            role_template: 'business_user',
          }),
        );
      const fresh = `fresh-${randomBytes(4).toString('hex')}@example.test`;
      const [forExisting, forNew] = [await invite(existing.email), await invite(fresh)];
      const shape = (body: unknown, email: string) =>
        JSON.stringify(body)
          .replace(email, '<email>')
          .replace(/"expires_at":"[^"]+"/, '');
      const existingText = await forExisting.text();
      expect([forExisting.status, forNew.status]).toStrictEqual([201, 201]);
      expect(shape(JSON.parse(existingText), existing.email)).toBe(
        shape(await forNew.json(), fresh),
      );
      expect(existingText).not.toContain(existing.displayName);
      expect(existingText).not.toContain(existing.id);
      const after = await database.admin.query(
        'select id, workspace_id, role_template, active from public.workspace_memberships where user_id = $1 order by id',
        [existing.id],
      );
      expect(after.rows).toStrictEqual(before.rows);
    },
  );
});
