import { randomUUID } from 'node:crypto';
import type { Db, Tx } from '@aiconnected/db';
import type { Capability, RoleTemplate, WorkspaceType } from '@aiconnected/permissions';

/** The tenant tree of the context tests: super S; agency A with businesses A1, A2; agency B with business B1. */
export const TREE = [
  { key: 'S', type: 'super', parent: null, name: 'Platform' },
  { key: 'A', type: 'agency', parent: 'S', name: 'Northwind Agency' },
  { key: 'A1', type: 'business', parent: 'A', name: 'Northwind Dental' },
  { key: 'A2', type: 'business', parent: 'A', name: 'Northwind Bakery' },
  { key: 'B', type: 'agency', parent: 'S', name: 'Contoso Agency' },
  { key: 'B1', type: 'business', parent: 'B', name: 'Contoso Fitness' },
] as const satisfies readonly {
  key: string;
  type: WorkspaceType;
  parent: string | null;
  name: string;
}[];

export type WorkspaceKey = (typeof TREE)[number]['key'];

/** A fixture user: memberships (workspace, role, overrides) and optionally a non-active status. */
export interface UserSpec {
  memberships: {
    in: WorkspaceKey;
    role: RoleTemplate;
    overrides?: { capability: Capability; allow: boolean }[];
  }[];
  status?: 'active' | 'invited' | 'suspended';
}

/** Every role of every level, a user in two businesses, overrides, and a suspended user. */
export const USERS = {
  superAdmin: { memberships: [{ in: 'S', role: 'super_admin' }] },
  superManager: { memberships: [{ in: 'S', role: 'super_manager' }] },
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
  agencyAdminB: { memberships: [{ in: 'B', role: 'agency_admin' }] },
  businessAdminA1: { memberships: [{ in: 'A1', role: 'business_admin' }] },
  businessManagerA1: { memberships: [{ in: 'A1', role: 'business_manager' }] },
  businessUserA1: {
    memberships: [
      {
        in: 'A1',
        role: 'business_user',
        overrides: [{ capability: 'branding.edit', allow: true }],
      },
    ],
  },
  businessAdminB1: { memberships: [{ in: 'B1', role: 'business_admin' }] },
  twoBusinesses: {
    memberships: [
      { in: 'B1', role: 'business_user' },
      { in: 'A2', role: 'business_manager' },
    ],
  },
  agencyAndBusiness: {
    memberships: [
      { in: 'A1', role: 'business_user' },
      { in: 'A', role: 'agency_user' },
    ],
  },
  suspended: { memberships: [{ in: 'A1', role: 'business_admin' }], status: 'suspended' },
} as const satisfies Record<string, UserSpec>;

export type UserKey = keyof typeof USERS;

export interface ContextFixture {
  workspaceIds: Record<WorkspaceKey, string>;
  userIds: Record<UserKey, string>;
}

/** Seeds the tree and the users (as service, committed); once per test file, on its own database. */
export async function seedContextTree(db: Db): Promise<ContextFixture> {
  return db.withService('context tests: seed tenant tree', async (tx) => {
    const workspaceIds = {} as Record<WorkspaceKey, string>;
    for (const node of TREE) {
      const { rows } = await tx.query<{ id: string }>(
        'insert into public.workspaces (type, parent_workspace_id, name) values ($1, $2, $3) returning id',
        [node.type, node.parent === null ? null : workspaceIds[node.parent], node.name],
      );
      workspaceIds[node.key] = firstRow(rows).id;
    }
    const userIds = {} as Record<UserKey, string>;
    for (const [key, spec] of Object.entries(USERS) as [UserKey, UserSpec][]) {
      userIds[key] = await insertUser(tx, key, spec, workspaceIds);
    }
    return { workspaceIds, userIds };
  });
}

async function insertUser(
  tx: Tx,
  key: string,
  spec: UserSpec,
  workspaceIds: Record<WorkspaceKey, string>,
): Promise<string> {
  const email = `context-${key.toLowerCase()}-${randomUUID().slice(0, 8)}@example.test`;
  const { rows } = await tx.query<{ id: string }>(
    'insert into public.users (email, status) values ($1, $2) returning id',
    [email, spec.status ?? 'active'],
  );
  const userId = firstRow(rows).id;
  for (const membership of spec.memberships) {
    const inserted = await tx.query<{ id: string }>(
      `insert into public.workspace_memberships (workspace_id, user_id, role_template)
       values ($1, $2, $3) returning id`,
      [workspaceIds[membership.in], userId, membership.role],
    );
    for (const override of membership.overrides ?? []) {
      await tx.query(
        `insert into public.membership_permissions (membership_id, workspace_id, permission_id, allow)
         select $1, $2, p.id, $4 from public.permissions p where p.code = $3`,
        [
          firstRow(inserted.rows).id,
          workspaceIds[membership.in],
          override.capability,
          override.allow,
        ],
      );
    }
  }
  return userId;
}

/** The first row of a result that must have one. */
export function firstRow<T>(rows: T[]): T {
  const [row] = rows;
  if (row === undefined) throw new Error('expected a row');
  return row;
}
