import { randomUUID } from 'node:crypto';
import { setupTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { describe, expect, it } from 'vitest';
import { actorFor, envelopeOf, correlation } from './support/user-actions';
import { listWorkspaceUsers } from '../src/users/list-workspace-users';
import { updateMembership } from '../src/users/update-membership';
import { seedContextTree, seedTreeMember, type ContextFixture } from './context-fixture';

let test: TestDatabase;
let fixture: ContextFixture;

setupTestDatabase(seedContextTree, (seeded) => {
  ({ database: test, tree: fixture } = seeded);
});

const actor = actorFor(() => fixture);

const auditRows = async (correlationId: string) =>
  (
    await test.admin.query(
      `select workspace_id, actor_user_id, impersonator_user_id, action, target_type, target_id,
            metadata_json - 'people' as metadata_json
         from public.audit_logs where correlation_id = $1`,
      [correlationId],
    )
  ).rows;

describe('updateMembership', () => {
  it('changes the role and overrides within the actor rights, audited with the changes', async () => {
    const member = await seedTreeMember(test, fixture, { in: 'A1', role: 'business_user' });
    const correlationId = correlation();
    const result = await updateMembership(test.db, {
      actor: actor('businessManagerA1', 'A1', 'business_manager'),
      membershipId: member.membershipId,
      roleTemplate: 'business_manager',
      permissionOverrides: [
        { permission: 'branding.edit', allow: false },
        { permission: 'users.invite', allow: true },
      ],
      correlationId,
    });
    expect(result.membership).toMatchObject({
      id: member.membershipId,
      role_template: 'business_manager',
      active: true,
    });
    expect(result.permission_overrides).toStrictEqual([
      { permission: 'branding.edit', allow: false },
      { permission: 'users.invite', allow: true },
    ]);
    const [row] = await auditRows(correlationId);
    expect(row).toMatchObject({ action: 'membership.update', target_id: member.membershipId });
    expect(row?.metadata_json).toStrictEqual({
      user_id: member.userId,
      role_template: { from: 'business_user', to: 'business_manager' },
      active: { from: true, to: true },
      permission_overrides: { from: [], to: result.permission_overrides },
    });

    // Replacing the set: the deny is removed (a grant), the allow stays, one is added.
    const next = await updateMembership(test.db, {
      actor: actor('agencyAdminA', 'A', 'agency_admin'),
      membershipId: member.membershipId,
      active: false,
      permissionOverrides: [
        { permission: 'users.invite', allow: true },
        { permission: 'layouts.edit', allow: false },
      ],
      correlationId: correlation(),
    });
    expect(next.membership.active).toBe(false);
    expect(next.permission_overrides).toStrictEqual([
      { permission: 'layouts.edit', allow: false },
      { permission: 'users.invite', allow: true },
    ]);
  });

  it('refuses what the actor may not do, changing nothing', async () => {
    const member = await seedTreeMember(test, fixture, { in: 'A1', role: 'business_user' });
    const admin = await seedTreeMember(test, fixture, { in: 'A1', role: 'business_admin' });
    const manager = actor('businessManagerA1', 'A1', 'business_manager');
    const cases: [Parameters<typeof updateMembership>[1], unknown][] = [
      [
        {
          actor: manager,
          membershipId: member.membershipId,
          permissionOverrides: [{ permission: 'billing.manage', allow: true }],
          correlationId: 'c1',
        },
        {
          code: 'PERMISSION_DENIED',
          message: 'You cannot grant a permission you do not hold yourself.',
          details: { permission: 'billing.manage', reason: 'permission_not_grantable' },
        },
      ],
      [
        { actor: manager, membershipId: admin.membershipId, active: false, correlationId: 'c2' },
        {
          code: 'PERMISSION_DENIED',
          message: 'You cannot manage a role with more rights than your own.',
          details: { role_template: 'business_admin', reason: 'role_not_assignable' },
        },
      ],
      [
        {
          actor: actor('businessAdminA1', 'A1', 'business_admin'),
          membershipId: member.membershipId,
          roleTemplate: 'agency_user',
          correlationId: 'c3',
        },
        {
          code: 'VALIDATION_BLOCKING',
          message: 'This role cannot be given in this workspace.',
          details: {
            field: 'role_template',
            reason: 'role_not_for_workspace_type',
            workspace_type: 'business',
          },
        },
      ],
      [
        {
          actor: actor('businessUserA1', 'A1', 'business_user'),
          membershipId: member.membershipId,
          active: false,
          correlationId: 'c4',
        },
        {
          code: 'PERMISSION_DENIED',
          message: 'You do not have permission to do this.',
          details: { required_permission: 'users.manage' },
        },
      ],
      [
        {
          actor: actor('agencyAdminB', 'B', 'agency_admin'),
          membershipId: member.membershipId,
          active: false,
          correlationId: 'c5',
        },
        {
          code: 'WORKSPACE_FORBIDDEN',
          message: 'You do not have access to this workspace.',
          details: { membership_id: member.membershipId },
        },
      ],
      [
        {
          actor: actor('agencyAdminB', 'B', 'agency_admin'),
          membershipId: randomUUID(),
          active: false,
          correlationId: 'c6',
        },
        'unknown',
      ],
    ];
    for (const [input, error] of cases) {
      const envelope = await envelopeOf(updateMembership(test.db, input));
      const expected =
        error === 'unknown'
          ? {
              code: 'WORKSPACE_FORBIDDEN',
              message: 'You do not have access to this workspace.',
              details: { membership_id: input.membershipId },
            }
          : error;
      expect(envelope).toStrictEqual({
        error: { ...(expected as object), correlation_id: 'corr-test' },
      });
    }
    const rows = await test.admin.query(
      `select m.role_template, m.active, (select count(*)::int from public.membership_permissions mp where mp.membership_id = m.id) as overrides
         from public.workspace_memberships m where m.id = any($1) order by m.role_template`,
      [[member.membershipId, admin.membershipId]],
    );
    expect(rows.rows).toStrictEqual([
      { role_template: 'business_admin', active: true, overrides: 0 },
      { role_template: 'business_user', active: true, overrides: 0 },
    ]);
  });

  it('refuses a change of the actor own membership', async () => {
    const { rows } = await test.admin.query<{ id: string }>(
      'select id from public.workspace_memberships where user_id = $1',
      [fixture.userIds.businessAdminA1],
    );
    expect(
      await envelopeOf(
        updateMembership(test.db, {
          actor: actor('businessAdminA1', 'A1', 'business_admin'),
          membershipId: rows[0]?.id ?? '',
          roleTemplate: 'business_user',
          correlationId: correlation(),
        }),
      ),
    ).toStrictEqual({
      error: {
        code: 'PERMISSION_DENIED',
        message: 'You cannot change your own membership.',
        details: { reason: 'own_membership' },
        correlation_id: 'corr-test',
      },
    });
  });
});

describe('listWorkspaceUsers', () => {
  it('lists the members with role, membership flag and status for anyone who sees the workspace', async () => {
    const { items: users } = await listWorkspaceUsers(test.db, {
      actor: actor('agencyAdminA', 'A', 'agency_admin'),
      workspaceId: fixture.workspaceIds.A1,
    });
    const byId = new Map(users.map((user) => [user.id, user]));
    expect(byId.get(fixture.userIds.businessAdminA1)).toMatchObject({
      role_template: 'business_admin',
      active: true,
      status: 'active',
    });
    expect(byId.get(fixture.userIds.suspended)).toMatchObject({
      role_template: 'business_admin',
      status: 'suspended',
    });
    expect(byId.has(fixture.userIds.businessAdminB1)).toBe(false);
    expect([...users.map((user) => user.email)]).toStrictEqual(
      users.map((user) => user.email).sort(),
    );
  });

  it('answers WORKSPACE_FORBIDDEN for another tenant', async () => {
    expect(
      await envelopeOf(
        listWorkspaceUsers(test.db, {
          actor: actor('agencyAdminB', 'B', 'agency_admin'),
          workspaceId: fixture.workspaceIds.A1,
        }),
      ),
    ).toStrictEqual({
      error: {
        code: 'WORKSPACE_FORBIDDEN',
        message: 'You do not have access to this workspace.',
        details: { workspace_id: fixture.workspaceIds.A1 },
        correlation_id: 'corr-test',
      },
    });
  });
});
