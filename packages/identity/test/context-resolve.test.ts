import { randomUUID } from 'node:crypto';
import { loadGoverningMemberships } from '@aiconnected/access';
import type { Tx } from '@aiconnected/db';
import { setupTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import {
  listWorkspaceOptions,
  resolveWorkspaceContext,
  type SessionRecord,
} from '@aiconnected/identity';
import { ROLE_CAPABILITIES } from '@aiconnected/permissions';
import { NOT_IMPERSONATING } from '@aiconnected/sdk-contracts';
import { describe, expect, it } from 'vitest';
import {
  firstRow,
  openTreeSession,
  seedContextTree,
  type ContextFixture,
  type UserKey,
  type WorkspaceKey,
} from './context-fixture';

let test: TestDatabase;
let fixture: ContextFixture;

setupTestDatabase(seedContextTree, (seeded) => {
  ({ database: test, tree: fixture } = seeded);
});

const svc = <T>(fn: (tx: Tx) => Promise<T>) => test.db.withService('context resolve test', fn);

const sessionOf = async (user: UserKey, workspace: WorkspaceKey | null) =>
  (await openTreeSession(test, fixture, user, workspace)).session;

const resolve = (session: SessionRecord) => svc((tx) => resolveWorkspaceContext(tx, session));
const sorted = (values: readonly string[]) => [...values].sort();

describe('resolveWorkspaceContext', () => {
  it('resolves a member in its own workspace: role template, capabilities, no impersonation', async () => {
    const session = await sessionOf('businessAdminA1', 'A1');
    expect(await resolve(session)).toStrictEqual({
      user_id: fixture.userIds.businessAdminA1,
      session_id: session.id,
      workspace_id: fixture.workspaceIds.A1,
      role_template: 'business_admin',
      permissions: sorted(ROLE_CAPABILITIES.business_admin),
      impersonation: NOT_IMPERSONATING,
    });
  });

  it('applies membership overrides', async () => {
    const manager = await resolve(await sessionOf('agencyManagerA', 'A'));
    expect(manager?.permissions).not.toContain('users.manage');
    const user = await resolve(await sessionOf('businessUserA1', 'A1'));
    expect(user?.permissions).toStrictEqual(['branding.edit']);
  });

  it('reports the closest governing role template: the parent agency role in a business, the super role elsewhere', async () => {
    const agencyAdmin = await resolve(await sessionOf('agencyAdminA', 'A1'));
    const superManager = await resolve(await sessionOf('superManager', 'B1'));
    expect({
      agencyAdmin: agencyAdmin?.role_template,
      superManager: superManager?.role_template,
      superPermissions: superManager?.permissions,
    }).toStrictEqual({
      agencyAdmin: 'agency_admin',
      superManager: 'super_manager',
      superPermissions: sorted(ROLE_CAPABILITIES.super_manager),
    });
  });

  it('is null without an active workspace or a governing membership', async () => {
    expect({
      none: await resolve(await sessionOf('businessAdminA1', null)),
      otherTenant: await resolve(await sessionOf('businessAdminA1', 'B1')),
      agencyUserInChild: await resolve(await sessionOf('agencyUserA', 'A1')),
      otherAgency: await resolve(await sessionOf('agencyAdminB', 'A1')),
      suspendedUser: await resolve(await sessionOf('suspended', 'A1')),
    }).toStrictEqual({
      none: null,
      otherTenant: null,
      agencyUserInChild: null,
      otherAgency: null,
      suspendedUser: null,
    });
  });

  it('excludes a suspended workspace for its own members, not for its parent agency admin', async () => {
    const { workspaceId, memberId } = await svc(async (tx) => {
      const workspace = await tx.query<{ id: string }>(
        `insert into public.workspaces (type, parent_workspace_id, name, status)
         values ('business', $1, 'Suspended Salon', 'suspended') returning id`,
        [fixture.workspaceIds.A],
      );
      const member = await tx.query<{ id: string }>(
        "insert into public.users (email, status) values ($1, 'active') returning id",
        [`context-salon-${randomUUID().slice(0, 8)}@example.test`],
      );
      const ids = { workspaceId: firstRow(workspace.rows).id, memberId: firstRow(member.rows).id };
      await tx.query(
        "insert into public.workspace_memberships (workspace_id, user_id, role_template) values ($1, $2, 'business_admin')",
        [ids.workspaceId, ids.memberId],
      );
      return ids;
    });
    const member = await svc(async (tx) => ({
      governing: (await loadGoverningMemberships(tx, { userId: memberId, workspaceId }))
        ?.memberships,
      options: await listWorkspaceOptions(tx, memberId),
    }));
    const parentAdmin = await svc((tx) =>
      loadGoverningMemberships(tx, { userId: fixture.userIds.agencyAdminA, workspaceId }),
    );
    expect({
      member,
      parentAdminRelations: parentAdmin?.memberships.map((membership) => membership.relation),
    }).toStrictEqual({
      member: { governing: [], options: [] },
      parentAdminRelations: ['parent_agency'],
    });
  });
});

describe('listWorkspaceOptions', () => {
  it('lists active memberships in active workspaces: super, agencies, businesses, each by name', async () => {
    const { rows } = await svc((tx) =>
      tx.query<{ id: string }>(
        `with u as (insert into public.users (email, status) values ($6, 'active') returning id)
         insert into public.workspace_memberships (workspace_id, user_id, role_template)
         select w.id, u.id, r.role from u, (values ($1::uuid, 'business_user'), ($2::uuid, 'business_admin'),
                ($3::uuid, 'agency_user'), ($4::uuid, 'agency_manager'), ($5::uuid, 'super_user'))
              as r(ws, role) join public.workspaces w on w.id = r.ws
         returning user_id as id`,
        [
          fixture.workspaceIds.B1,
          fixture.workspaceIds.A1,
          fixture.workspaceIds.B,
          fixture.workspaceIds.A,
          fixture.workspaceIds.S,
          `context-many-${randomUUID().slice(0, 8)}@example.test`,
        ],
      ),
    );
    const userId = firstRow(rows).id;
    const options = await svc((tx) => listWorkspaceOptions(tx, userId));
    expect(options).toStrictEqual([
      { id: fixture.workspaceIds.S, name: 'Platform', type: 'super', role_template: 'super_user' },
      {
        id: fixture.workspaceIds.B,
        name: 'Contoso Agency',
        type: 'agency',
        role_template: 'agency_user',
      },
      {
        id: fixture.workspaceIds.A,
        name: 'Northwind Agency',
        type: 'agency',
        role_template: 'agency_manager',
      },
      {
        id: fixture.workspaceIds.B1,
        name: 'Contoso Fitness',
        type: 'business',
        role_template: 'business_user',
      },
      {
        id: fixture.workspaceIds.A1,
        name: 'Northwind Dental',
        type: 'business',
        role_template: 'business_admin',
      },
    ]);
  });

  it('leaves out inactive memberships and has nothing for a suspended user', async () => {
    await svc((tx) =>
      tx.query(
        'update public.workspace_memberships set active = false where user_id = $1 and workspace_id = $2',
        [fixture.userIds.twoBusinesses, fixture.workspaceIds.B1],
      ),
    );
    expect({
      twoBusinesses: await svc((tx) => listWorkspaceOptions(tx, fixture.userIds.twoBusinesses)),
      suspended: await svc((tx) => listWorkspaceOptions(tx, fixture.userIds.suspended)),
    }).toStrictEqual({
      twoBusinesses: [
        {
          id: fixture.workspaceIds.A2,
          name: 'Northwind Bakery',
          type: 'business',
          role_template: 'business_manager',
        },
      ],
      suspended: [],
    });
  });
});
