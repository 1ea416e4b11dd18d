import { randomBytes } from 'node:crypto';
import type { RoleTemplate, WorkspaceType } from '@aiconnected/permissions';
import { setPassword } from '@aiconnected/identity';
import type { TestDatabase } from '@aiconnected/db/testing';

/** The password of every seeded user. */
export const TREE_PASSWORD = 'correct-horse-battery-staple';

export interface TreeWorkspace {
  id: string;
  name: string;
  type: WorkspaceType;
}

export interface TreeUser {
  id: string;
  email: string;
  displayName: string;
}

/**
 * Two tenant trees under one platform, so every test can check that A cannot reach B:
 * super; agency A with business A1; agency B with business B1. Plus a user with two
 * workspaces (selector), one with none, and a suspended one.
 */
export interface TenantTree {
  workspaces: {
    super: TreeWorkspace;
    agencyA: TreeWorkspace;
    businessA1: TreeWorkspace;
    agencyB: TreeWorkspace;
    businessB1: TreeWorkspace;
  };
  users: {
    superAdmin: TreeUser;
    agencyAAdmin: TreeUser;
    agencyAUser: TreeUser;
    businessA1Admin: TreeUser;
    businessA1User: TreeUser;
    agencyBAdmin: TreeUser;
    businessB1Admin: TreeUser;
    /** business_user of A1 and of B1: signs in without a default workspace. */
    twoWorkspaces: TreeUser;
    /** No membership at all. */
    noWorkspace: TreeUser;
    /** business_user of A1, status suspended. */
    suspended: TreeUser;
  };
}

type Memberships = [workspace: keyof TenantTree['workspaces'], role: RoleTemplate][];

/**
 * Seeds the tree with unique names and emails (a random tag), rows inserted as the test
 * superuser and every password set through identity's `setPassword`.
 */
export async function seedTenantTree(database: TestDatabase): Promise<TenantTree> {
  const tag = randomBytes(4).toString('hex');
  const { admin } = database;

  async function workspace(
    type: WorkspaceType,
    name: string,
    parent: TreeWorkspace | null,
  ): Promise<TreeWorkspace> {
    const { rows } = await admin.query<{ id: string }>(
      'insert into public.workspaces (type, parent_workspace_id, name) values ($1, $2, $3) returning id',
      [type, parent?.id ?? null, `${name} ${tag}`],
    );
    const id = rows[0]?.id;
    if (!id) throw new Error(`workspace ${name} was not created`);
    return { id, name: `${name} ${tag}`, type };
  }

  const superWs = await workspace('super', 'Platform', null);
  const agencyA = await workspace('agency', 'Agency A', superWs);
  const businessA1 = await workspace('business', 'Business A1', agencyA);
  const agencyB = await workspace('agency', 'Agency B', superWs);
  const businessB1 = await workspace('business', 'Business B1', agencyB);
  const workspaces = { super: superWs, agencyA, businessA1, agencyB, businessB1 };

  async function user(
    handle: string,
    memberships: Memberships,
    status = 'active',
  ): Promise<TreeUser> {
    const email = `${handle}-${tag}@example.test`;
    const displayName = `User ${handle}`;
    const { rows } = await admin.query<{ id: string }>(
      'insert into public.users (email, display_name, status) values ($1, $2, $3) returning id',
      [email, displayName, status],
    );
    const id = rows[0]?.id;
    if (!id) throw new Error(`user ${handle} was not created`);
    for (const [key, role] of memberships) {
      await admin.query(
        'insert into public.workspace_memberships (workspace_id, user_id, role_template, active) values ($1, $2, $3, true)',
        [workspaces[key].id, id, role],
      );
    }
    await database.db.withService('test: set a seeded user password', (tx) =>
      setPassword(tx, { userId: id, password: TREE_PASSWORD }),
    );
    return { id, email, displayName };
  }

  const users = {
    superAdmin: await user('super-admin', [['super', 'super_admin']]),
    agencyAAdmin: await user('agency-a-admin', [['agencyA', 'agency_admin']]),
    agencyAUser: await user('agency-a-user', [['agencyA', 'agency_user']]),
    businessA1Admin: await user('business-a1-admin', [['businessA1', 'business_admin']]),
    businessA1User: await user('business-a1-user', [['businessA1', 'business_user']]),
    agencyBAdmin: await user('agency-b-admin', [['agencyB', 'agency_admin']]),
    businessB1Admin: await user('business-b1-admin', [['businessB1', 'business_admin']]),
    twoWorkspaces: await user('two-workspaces', [
      ['businessA1', 'business_user'],
      ['businessB1', 'business_user'],
    ]),
    noWorkspace: await user('no-workspace', []),
    suspended: await user('suspended', [['businessA1', 'business_user']], 'suspended'),
  };
  return { workspaces, users };
}
