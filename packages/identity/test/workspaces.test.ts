import { randomUUID } from 'node:crypto';
import { setupTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { ROLE_CAPABILITIES, type RoleTemplate } from '@aiconnected/permissions';
import { NOT_IMPERSONATING, type WorkspaceContext } from '@aiconnected/sdk-contracts';
import { describe, expect, it } from 'vitest';
import {
  createChildWorkspace,
  createWorkspace,
  getWorkspace,
  listWorkspaces,
  updateWorkspace,
} from '../src/workspaces';
import {
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

/** The context the server builds for `user` acting in `workspace` with `role` (no overrides). */
function actor(user: UserKey, workspace: WorkspaceKey, role: RoleTemplate): WorkspaceContext {
  return {
    user_id: fixture.userIds[user],
    session_id: randomUUID(),
    workspace_id: fixture.workspaceIds[workspace],
    role_template: role,
    permissions: [...ROLE_CAPABILITIES[role]],
    impersonation: NOT_IMPERSONATING,
  };
}

const superAdmin = () => actor('superAdmin', 'S', 'super_admin');
const superManager = () => actor('superManager', 'S', 'super_manager');
const agencyAdminA = () => actor('agencyAdminA', 'A', 'agency_admin');
const agencyManagerA = () => actor('agencyManagerA', 'A', 'agency_manager');
const businessAdminA1 = () => actor('businessAdminA1', 'A1', 'business_admin');

async function auditRows(correlationId: string) {
  const { rows } = await test.admin.query(
    `select workspace_id, actor_user_id, impersonator_user_id, action, target_type, target_id, metadata_json
       from public.audit_logs where correlation_id = $1 order by created_at, action`,
    [correlationId],
  );
  return rows;
}

/** A user as an audit row keeps them (`metadata_json.people`). */
async function personOf(userId: string) {
  const { rows } = await test.admin.query(
    'select id, email, display_name from public.users where id = $1',
    [userId],
  );
  return rows[0];
}

async function workspaceCount(): Promise<number> {
  const { rows } = await test.admin.query<{ n: number }>(
    'select count(*)::int as n from public.workspaces',
  );
  return rows[0]?.n ?? -1;
}

describe('createWorkspace', () => {
  it('lets super create an agency under the super workspace by default, audited with the correlation id', async () => {
    const correlationId = randomUUID();
    const workspace = await createWorkspace(test.db, {
      actor: superAdmin(),
      type: 'agency',
      name: '  Fabrikam Agency ',
      correlationId,
    });
    expect(workspace).toMatchObject({
      type: 'agency',
      parent_workspace_id: fixture.workspaceIds.S,
      name: 'Fabrikam Agency',
      slug: 'fabrikam-agency',
      status: 'active',
    });
    expect(await auditRows(correlationId)).toStrictEqual([
      {
        workspace_id: fixture.workspaceIds.S,
        actor_user_id: fixture.userIds.superAdmin,
        impersonator_user_id: null,
        action: 'workspace.create',
        target_type: 'workspace',
        target_id: workspace.id,
        metadata_json: {
          type: 'agency',
          name: 'Fabrikam Agency',
          slug: 'fabrikam-agency',
          parent_workspace_id: fixture.workspaceIds.S,
          people: { actor: await personOf(fixture.userIds.superAdmin) },
        },
      },
    ]);
  });

  it('never gives a reserved slug (app.<root> may be the product’s own host)', async () => {
    const app = await createWorkspace(test.db, {
      actor: agencyAdminA(),
      type: 'business',
      name: 'App',
      correlationId: randomUUID(),
    });
    expect(app.slug).toBe('app-2');
  });

  it('refuses a sibling with the same name (any case) and keeps slugs unique across parents', async () => {
    await expect(
      createWorkspace(test.db, {
        actor: superAdmin(),
        type: 'agency',
        name: 'northwind AGENCY',
        correlationId: randomUUID(),
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT', details: { field: 'name' } });

    const inA = await createWorkspace(test.db, {
      actor: agencyAdminA(),
      type: 'business',
      name: 'Harbor Clinic',
      correlationId: randomUUID(),
    });
    const inB = await createWorkspace(test.db, {
      actor: superAdmin(),
      type: 'business',
      name: 'Harbor Clinic',
      parentWorkspaceId: fixture.workspaceIds.B,
      correlationId: randomUUID(),
    });
    expect([inA.parent_workspace_id, inA.slug]).toStrictEqual([
      fixture.workspaceIds.A,
      'harbor-clinic',
    ]);
    expect([inB.parent_workspace_id, inB.slug]).toStrictEqual([
      fixture.workspaceIds.B,
      'harbor-clinic-2',
    ]);
  });

  it.each([
    {
      who: 'agency admin creating an agency',
      make: agencyAdminA,
      type: 'agency',
      code: 'PERMISSION_DENIED',
    },
    {
      who: 'agency manager (no settings.manage)',
      make: agencyManagerA,
      type: 'business',
      code: 'PERMISSION_DENIED',
    },
    {
      who: 'super manager (no settings.manage)',
      make: superManager,
      type: 'agency',
      code: 'PERMISSION_DENIED',
    },
    {
      who: 'business admin without a parent',
      make: businessAdminA1,
      type: 'business',
      code: 'VALIDATION_BLOCKING',
    },
  ] as const)('refuses the $who: $code, creating nothing', async ({ make, type, code }) => {
    const before = await workspaceCount();
    await expect(
      createWorkspace(test.db, {
        actor: make(),
        type,
        name: `Refused ${randomUUID()}`,
        correlationId: randomUUID(),
      }),
    ).rejects.toMatchObject({ code });
    expect(await workspaceCount()).toBe(before);
  });

  it('answers WORKSPACE_FORBIDDEN for a parent in another tree and VALIDATION_BLOCKING for a wrong parent type', async () => {
    await expect(
      createWorkspace(test.db, {
        actor: agencyAdminA(),
        type: 'business',
        name: 'Sneaky',
        parentWorkspaceId: fixture.workspaceIds.B,
        correlationId: randomUUID(),
      }),
    ).rejects.toMatchObject({ code: 'WORKSPACE_FORBIDDEN' });
    await expect(
      createWorkspace(test.db, {
        actor: superAdmin(),
        type: 'business',
        name: 'Misplaced',
        parentWorkspaceId: fixture.workspaceIds.S,
        correlationId: randomUUID(),
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_BLOCKING',
      details: { allowed_child_type: 'agency' },
    });
  });
});

describe('createChildWorkspace', () => {
  it('creates a business under the agency the admin governs', async () => {
    const child = await createChildWorkspace(test.db, {
      actor: agencyAdminA(),
      parentWorkspaceId: fixture.workspaceIds.A,
      childType: 'business',
      name: 'Northwind Florist',
      correlationId: randomUUID(),
    });
    expect(child).toMatchObject({ type: 'business', parent_workspace_id: fixture.workspaceIds.A });
  });

  it.each([
    {
      who: 'agency admin A under agency B',
      make: agencyAdminA,
      parent: 'B',
      childType: 'business',
      code: 'WORKSPACE_FORBIDDEN',
    },
    {
      who: 'business admin under its agency',
      make: businessAdminA1,
      parent: 'A',
      childType: 'business',
      code: 'WORKSPACE_FORBIDDEN',
    },
    {
      who: 'agency admin under the super workspace',
      make: agencyAdminA,
      parent: 'S',
      childType: 'agency',
      code: 'WORKSPACE_FORBIDDEN',
    },
    {
      who: 'agency manager under its agency',
      make: agencyManagerA,
      parent: 'A',
      childType: 'business',
      code: 'PERMISSION_DENIED',
    },
    {
      who: 'agency admin: an agency under an agency',
      make: agencyAdminA,
      parent: 'A',
      childType: 'agency',
      code: 'VALIDATION_BLOCKING',
    },
    {
      who: 'business admin: a child of a business',
      make: businessAdminA1,
      parent: 'A1',
      childType: 'business',
      code: 'VALIDATION_BLOCKING',
    },
  ] as const)('refuses the $who: $code', async ({ make, parent, childType, code }) => {
    const before = await workspaceCount();
    await expect(
      createChildWorkspace(test.db, {
        actor: make(),
        parentWorkspaceId: fixture.workspaceIds[parent],
        childType,
        name: `Refused ${randomUUID()}`,
        correlationId: randomUUID(),
      }),
    ).rejects.toMatchObject({ code });
    expect(await workspaceCount()).toBe(before);
  });
});

describe('getWorkspace and listWorkspaces', () => {
  it('shows a workspace in scope and hides every other one behind WORKSPACE_FORBIDDEN', async () => {
    const a1 = await getWorkspace(test.db, {
      actor: agencyAdminA(),
      workspaceId: fixture.workspaceIds.A1,
    });
    expect(a1).toMatchObject({
      id: fixture.workspaceIds.A1,
      name: 'Northwind Dental',
      type: 'business',
    });
    for (const workspaceId of [fixture.workspaceIds.B1, fixture.workspaceIds.S, randomUUID()]) {
      await expect(
        getWorkspace(test.db, { actor: agencyAdminA(), workspaceId }),
      ).rejects.toMatchObject({
        code: 'WORKSPACE_FORBIDDEN',
      });
    }
  });

  it('lists what each role may see, filtered by type and parent', async () => {
    const names = async (
      context: WorkspaceContext,
      filter: { type?: 'business'; parentWorkspaceId?: string } = {},
    ) =>
      (await listWorkspaces(test.db, { actor: context, ...filter })).items.map(
        (workspace) => workspace.name,
      );

    expect(await names(businessAdminA1())).toStrictEqual(['Northwind Dental']);
    const agency = await names(agencyAdminA());
    expect(agency[0]).toBe('Northwind Agency');
    expect(agency).toContain('Northwind Bakery');
    expect(agency).not.toContain('Contoso Fitness');
    expect(
      await names(superAdmin(), { parentWorkspaceId: fixture.workspaceIds.B, type: 'business' }),
    ).toContain('Contoso Fitness');
    await expect(
      listWorkspaces(test.db, { actor: agencyAdminA(), parentWorkspaceId: fixture.workspaceIds.B }),
    ).rejects.toMatchObject({ code: 'WORKSPACE_FORBIDDEN' });
  });
});

describe('updateWorkspace', () => {
  it('renames with settings.manage, keeps the slug, and refuses a sibling name', async () => {
    const business = await createChildWorkspace(test.db, {
      actor: agencyAdminA(),
      parentWorkspaceId: fixture.workspaceIds.A,
      childType: 'business',
      name: 'Rename Me',
      correlationId: randomUUID(),
    });
    const correlationId = randomUUID();
    const renamed = await updateWorkspace(test.db, {
      actor: agencyAdminA(),
      workspaceId: business.id,
      name: 'Renamed Shop',
      correlationId,
    });
    expect([renamed.name, renamed.slug]).toStrictEqual(['Renamed Shop', 'rename-me']);
    expect(await auditRows(correlationId)).toMatchObject([
      {
        action: 'workspace.rename',
        workspace_id: business.id,
        metadata_json: { from: 'Rename Me', to: 'Renamed Shop' },
      },
    ]);
    await expect(
      updateWorkspace(test.db, {
        actor: agencyAdminA(),
        workspaceId: business.id,
        name: 'northwind dental',
        correlationId: randomUUID(),
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('lets the parent suspend and reactivate a child, never the child itself or the super workspace', async () => {
    const business = await createChildWorkspace(test.db, {
      actor: agencyAdminA(),
      parentWorkspaceId: fixture.workspaceIds.A,
      childType: 'business',
      name: 'Suspend Me',
      correlationId: randomUUID(),
    });
    const correlationId = randomUUID();
    const suspended = await updateWorkspace(test.db, {
      actor: agencyAdminA(),
      workspaceId: business.id,
      status: 'suspended',
      correlationId,
    });
    expect(suspended.status).toBe('suspended');
    expect(await auditRows(correlationId)).toMatchObject([
      { action: 'workspace.suspend', metadata_json: { from: 'active', to: 'suspended' } },
    ]);
    const active = await updateWorkspace(test.db, {
      actor: superAdmin(),
      workspaceId: business.id,
      status: 'active',
      correlationId: randomUUID(),
    });
    expect(active.status).toBe('active');

    await expect(
      updateWorkspace(test.db, {
        actor: businessAdminA1(),
        workspaceId: fixture.workspaceIds.A1,
        status: 'suspended',
        correlationId: randomUUID(),
      }),
    ).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(
      updateWorkspace(test.db, {
        actor: agencyAdminA(),
        workspaceId: fixture.workspaceIds.A,
        status: 'suspended',
        correlationId: randomUUID(),
      }),
    ).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(
      updateWorkspace(test.db, {
        actor: superAdmin(),
        workspaceId: fixture.workspaceIds.S,
        status: 'suspended',
        correlationId: randomUUID(),
      }),
    ).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(
      updateWorkspace(test.db, {
        actor: agencyManagerA(),
        workspaceId: business.id,
        status: 'suspended',
        correlationId: randomUUID(),
      }),
    ).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(
      updateWorkspace(test.db, {
        actor: agencyAdminA(),
        workspaceId: fixture.workspaceIds.B1,
        name: 'Taken over',
        correlationId: randomUUID(),
      }),
    ).rejects.toMatchObject({ code: 'WORKSPACE_FORBIDDEN' });
  });

  it('refuses to add children under a suspended parent with CONFLICT', async () => {
    const agency = await createWorkspace(test.db, {
      actor: superAdmin(),
      type: 'agency',
      name: 'Dormant Agency',
      correlationId: randomUUID(),
    });
    await updateWorkspace(test.db, {
      actor: superAdmin(),
      workspaceId: agency.id,
      status: 'suspended',
      correlationId: randomUUID(),
    });
    await expect(
      createChildWorkspace(test.db, {
        actor: superAdmin(),
        parentWorkspaceId: agency.id,
        childType: 'business',
        name: 'Under Dormant',
        correlationId: randomUUID(),
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT', details: { parent_status: 'suspended' } });
  });
});
