import { describe, expect, it } from 'vitest';
import { ROLE_CAPABILITIES } from '@aiconnected/permissions';
import { NOT_IMPERSONATING } from '@aiconnected/sdk-contracts';
import {
  bearer,
  cookie,
  expectError,
  jsonRequest,
  setupTwoAgencyApiTest,
} from '@/server/api/testing';

const { setup, signIn } = setupTwoAgencyApiTest();

function switchTo(workspaceId: string, headers: Record<string, string>) {
  return setup.api.request(
    '/api/workspaces/switch',
    jsonRequest('POST', { workspace_id: workspaceId }, headers),
  );
}

const sorted = (values: readonly string[]) => [...values].sort();

describe('POST /api/workspaces/switch', () => {
  it('lets a user without an active workspace pick one of theirs, audited, and the guard follows', async () => {
    const user = setup.tree.users.twoWorkspaces;
    const { businessA1, businessB1 } = setup.tree.workspaces;
    const token = await signIn(user);

    const response = await switchTo(businessA1.id, cookie(token));

    expect(response.status).toBe(200);
    expect(await response.json()).toStrictEqual({
      effective_context: {
        user_id: user.id,
        session_id: expect.any(String),
        workspace_id: businessA1.id,
        role_template: 'business_user',
        permissions: [],
        impersonation: NOT_IMPERSONATING,
      },
      destination: '/business',
    });
    const effective = await setup.api.request('/api/permissions/effective', {
      headers: bearer(token),
    });
    expect(await effective.json()).toMatchObject({ workspace_id: businessA1.id });
    const { rows } = await setup.database.admin.query(
      "select workspace_id, target_id from public.audit_logs where action = 'workspace.switch' and correlation_id = $1",
      [response.headers.get('x-correlation-id')],
    );
    expect(rows).toStrictEqual([{ workspace_id: businessA1.id, target_id: businessA1.id }]);

    const again = await switchTo(businessB1.id, bearer(token));
    expect(await again.json()).toMatchObject({
      effective_context: { workspace_id: businessB1.id },
    });
  });

  it('lets an agency admin enter its child business and a super admin any workspace', async () => {
    const agency = await signIn(setup.tree.users.agencyAAdmin);
    expect(
      await (await switchTo(setup.tree.workspaces.businessA1.id, bearer(agency))).json(),
    ).toMatchObject({
      effective_context: {
        workspace_id: setup.tree.workspaces.businessA1.id,
        role_template: 'agency_admin',
      },
      destination: '/business',
    });
    const platform = await signIn(setup.tree.users.superAdmin);
    expect(
      await (await switchTo(setup.tree.workspaces.agencyB.id, bearer(platform))).json(),
    ).toMatchObject({
      effective_context: {
        workspace_id: setup.tree.workspaces.agencyB.id,
        role_template: 'super_admin',
      },
      destination: '/agency',
    });
  });

  it('answers WORKSPACE_FORBIDDEN for another tenant’s workspace or an unknown id, and keeps the session where it was', async () => {
    const cases = [
      [setup.tree.users.businessA1Admin, setup.tree.workspaces.businessB1.id],
      [setup.tree.users.businessA1Admin, setup.tree.workspaces.agencyA.id],
      [setup.tree.users.agencyAAdmin, setup.tree.workspaces.businessB1.id],
      [setup.tree.users.agencyBAdmin, setup.tree.workspaces.agencyA.id],
      [setup.tree.users.agencyAAdmin, '6f1c1e0e-6d3c-4c55-9d5a-3f2b8a1e9c10'],
    ] as const;
    for (const [user, target] of cases) {
      const token = await signIn(user);
      const before = await (
        await setup.api.request('/api/permissions/effective', { headers: bearer(token) })
      ).json();
      await expectError(await switchTo(target, bearer(token)), 'WORKSPACE_FORBIDDEN', {
        workspace_id: target,
      });
      const after = await (
        await setup.api.request('/api/permissions/effective', { headers: bearer(token) })
      ).json();
      expect(after).toStrictEqual(before);
    }
  });

  it('validates the body and needs a session', async () => {
    const token = await signIn(setup.tree.users.agencyBAdmin);
    await expectError(await switchTo('not-a-uuid', bearer(token)), 'VALIDATION_BLOCKING', {
      issues: [{ path: 'body.workspace_id', message: expect.any(String) }],
    });
    await expectError(await switchTo(setup.tree.workspaces.agencyB.id, {}), 'AUTH_REQUIRED');
  });
});

describe('GET /api/permissions/effective', () => {
  it('reports the role template’s capabilities for each role', async () => {
    const cases = [
      [setup.tree.users.superAdmin, 'super_admin', setup.tree.workspaces.super.id],
      [setup.tree.users.agencyBAdmin, 'agency_admin', setup.tree.workspaces.agencyB.id],
      [setup.tree.users.businessB1Admin, 'business_admin', setup.tree.workspaces.businessB1.id],
    ] as const;
    for (const [user, role, workspaceId] of cases) {
      const token = await signIn(user);
      const response = await setup.api.request('/api/permissions/effective', {
        headers: bearer(token),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { effective_permissions: string[] };
      expect(body).toStrictEqual({
        effective_permissions: expect.any(Array),
        role_template: role,
        workspace_id: workspaceId,
        impersonation: NOT_IMPERSONATING,
      });
      expect(sorted(body.effective_permissions)).toStrictEqual(sorted(ROLE_CAPABILITIES[role]));
    }
  });

  it('applies membership overrides: a denied capability disappears, an allowed one appears', async () => {
    const user = setup.tree.users.businessA1User;
    await setup.database.admin.query(
      `insert into public.membership_permissions (membership_id, workspace_id, permission_id, allow)
       select m.id, m.workspace_id, p.id, true
         from public.workspace_memberships m, public.permissions p
        where m.user_id = $1 and p.code = 'branding.edit'`,
      [user.id],
    );
    const admin = setup.tree.users.businessA1Admin;
    await setup.database.admin.query(
      `insert into public.membership_permissions (membership_id, workspace_id, permission_id, allow)
       select m.id, m.workspace_id, p.id, false
         from public.workspace_memberships m, public.permissions p
        where m.user_id = $1 and p.code = 'users.invite'`,
      [admin.id],
    );

    const userToken = await signIn(user);
    const userBody = (await (
      await setup.api.request('/api/permissions/effective', { headers: bearer(userToken) })
    ).json()) as {
      effective_permissions: string[];
    };
    expect(userBody.effective_permissions).toStrictEqual(['branding.edit']);

    const adminToken = await signIn(admin);
    const adminBody = (await (
      await setup.api.request('/api/permissions/effective', { headers: bearer(adminToken) })
    ).json()) as {
      effective_permissions: string[];
    };
    expect(sorted(adminBody.effective_permissions)).toStrictEqual(
      sorted(
        ROLE_CAPABILITIES.business_admin.filter((capability) => capability !== 'users.invite'),
      ),
    );
  });

  it('refuses without a session, with a dead one, and without an active workspace', async () => {
    await expectError(await setup.api.request('/api/permissions/effective'), 'AUTH_REQUIRED');
    await expectError(
      await setup.api.request('/api/permissions/effective', { headers: bearer('E'.repeat(43)) }),
      'SESSION_INVALID',
    );
    const token = await signIn(setup.tree.users.noWorkspace);
    await expectError(
      await setup.api.request('/api/permissions/effective', { headers: bearer(token) }),
      'WORKSPACE_REQUIRED',
    );
  });
});
