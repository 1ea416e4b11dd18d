import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import type { ApiApp } from '@/server/api/context';
import { expectError } from './auth/support/auth-client';
import {
  as,
  auditRowsOf,
  seedRoleTree,
  signInAll,
  type MemberLabel,
  type RoleTree,
} from './cross-tenant-tree';
import { correlationIdOf, createTestApi } from './test-api';

let database: TestDatabase;
let tree: RoleTree;
let api: ApiApp;
let tokens: Record<MemberLabel, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  tree = await seedRoleTree(database);
  api = createTestApi(database.db).api;
  tokens = await signInAll(api, tree);
});
afterAll(async () => {
  await database.drop();
});

const ws = (key: keyof RoleTree['workspaces']) => tree.workspaces[key];
const member = (label: MemberLabel) => tree.members[label];
const call = (who: MemberLabel, method: string, path: string, body?: unknown) =>
  api.request(`/api${path}`, as(tokens[who], method, body));
const newEmail = () => `invitee-${randomBytes(4).toString('hex')}@example.test`;

interface MembershipBody {
  membership: { id: string; user_id: string; role_template: string; active: boolean };
}

/** The API shape of a membership; generated values as matchers. */
function membershipBody(fields: {
  id?: string;
  workspace: string;
  user?: string;
  role: string;
  active?: boolean;
  invitedBy?: string | null;
}) {
  return {
    id: fields.id ?? expect.any(String),
    workspace_id: fields.workspace,
    user_id: fields.user ?? expect.any(String),
    role_template: fields.role,
    active: fields.active ?? true,
    invited_by_user_id: fields.invitedBy === undefined ? expect.any(String) : fields.invitedBy,
    created_at: expect.any(String),
    updated_at: expect.any(String),
  };
}

/** Invites a new address into A1 as the business admin; returns the membership. */
async function inviteIntoA1(role = 'business_user'): Promise<MembershipBody['membership']> {
  const response = await call('A1.business_admin', 'POST', '/memberships', {
    workspace_id: ws('A1').id,
    email: newEmail(),
    role_template: role,
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as MembershipBody).membership;
}

describe('GET /api/memberships', () => {
  it('lists the memberships of the active workspace, or of a workspace in scope', async () => {
    const own = await call('A1.business_user', 'GET', '/memberships');
    expect(own.status).toBe(200);
    const a1Members = (
      ['A1.business_admin', 'A1.business_manager', 'A1.business_user'] as const
    ).map((label) => ({
      ...membershipBody({
        id: member(label).membershipId,
        workspace: ws('A1').id,
        user: member(label).id,
        role: member(label).role,
        invitedBy: null,
      }),
      permission_overrides: [],
    }));
    expect(await own.json()).toStrictEqual({ items: a1Members });

    const fromAgency = await call(
      'A.agency_manager',
      'GET',
      `/memberships?workspace_id=${ws('A1').id}`,
    );
    expect(((await fromAgency.json()) as { items: unknown[] }).items).toStrictEqual(a1Members);
  });

  it('answers WORKSPACE_FORBIDDEN for a workspace outside the scope', async () => {
    for (const [who, key] of [
      ['A.agency_admin', 'B1'],
      ['A.agency_user', 'A1'],
      ['A1.business_admin', 'A2'],
    ] as const) {
      await expectError(
        await call(who, 'GET', `/memberships?workspace_id=${ws(key).id}`),
        'WORKSPACE_FORBIDDEN',
        {
          workspace_id: ws(key).id,
        },
      );
    }
  });
});

describe('POST /api/memberships', () => {
  it('invites a new address: an invited user, a mailed link and an audit row', async () => {
    const email = newEmail();
    const response = await call('A1.business_admin', 'POST', '/memberships', {
      workspace_id: ws('A1').id,
      email,
      role_template: 'business_user',
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as MembershipBody;
    expect(body).toStrictEqual({
      membership: membershipBody({
        workspace: ws('A1').id,
        role: 'business_user',
        invitedBy: member('A1.business_admin').id,
      }),
      invite_status: 'invited',
    });
    const user = await database.admin.query(
      'select email, status from public.users where id = $1',
      [body.membership.user_id],
    );
    expect(user.rows).toStrictEqual([{ email, status: 'invited' }]);
    const mail = await database.admin.query<{ n: number }>(
      'select count(*)::int as n from public.mail_messages where to_address = $1',
      [email],
    );
    expect(mail.rows[0]?.n).toBe(1);
    expect(await auditRowsOf(database, correlationIdOf(response))).toStrictEqual([
      {
        workspace_id: ws('A1').id,
        actor_user_id: member('A1.business_admin').id,
        impersonator_user_id: null,
        action: 'user.invite',
        target_type: 'membership',
        target_id: body.membership.id,
        metadata_json: {
          user_id: body.membership.user_id,
          role_template: 'business_user',
          invite_status: 'invited',
        },
      },
    ]);
  });

  it('adds an existing account, and answers CONFLICT for an existing membership', async () => {
    const existing = member('A2.business_user');
    const added = await call('A.agency_admin', 'POST', '/memberships', {
      workspace_id: ws('A1').id,
      email: existing.email.toUpperCase(),
      role_template: 'business_manager',
    });
    expect(added.status).toBe(201);
    expect(await added.json()).toStrictEqual({
      membership: membershipBody({
        workspace: ws('A1').id,
        user: existing.id,
        role: 'business_manager',
        invitedBy: member('A.agency_admin').id,
      }),
      invite_status: 'added',
    });
    const again = await call('A.agency_admin', 'POST', '/memberships', {
      workspace_id: ws('A1').id,
      email: existing.email,
      role_template: 'business_user',
    });
    await expectError(
      again,
      'CONFLICT',
      { reason: 'already_member' },
      'This person is already a member of this workspace.',
    );
  });

  it('refuses a caller without users.invite, a role above the caller, a role of another level and another tree', async () => {
    const email = newEmail();
    await expectError(
      await call('A1.business_user', 'POST', '/memberships', {
        workspace_id: ws('A1').id,
        email,
        role_template: 'business_user',
      }),
      'PERMISSION_DENIED',
      { required_permission: 'users.invite' },
    );
    await expectError(
      await call('A1.business_manager', 'POST', '/memberships', {
        workspace_id: ws('A1').id,
        email,
        role_template: 'business_admin',
      }),
      'PERMISSION_DENIED',
      { role_template: 'business_admin', reason: 'role_not_assignable' },
      'You cannot grant a role with more rights than your own.',
    );
    await expectError(
      await call('A1.business_admin', 'POST', '/memberships', {
        workspace_id: ws('A1').id,
        email,
        role_template: 'agency_user',
      }),
      'VALIDATION_BLOCKING',
      { field: 'role_template', reason: 'role_not_for_workspace_type', workspace_type: 'business' },
      'This role cannot be given in this workspace.',
    );
    await expectError(
      await call('A1.business_admin', 'POST', '/memberships', {
        workspace_id: ws('B1').id,
        email,
        role_template: 'business_user',
      }),
      'WORKSPACE_FORBIDDEN',
      { workspace_id: ws('B1').id },
    );
    const { rows } = await database.admin.query('select 1 from public.users where email = $1', [
      email,
    ]);
    expect(rows).toStrictEqual([]);
  });
});

describe('PATCH /api/memberships/{id}', () => {
  it('changes role, active flag and overrides, audited with the changes', async () => {
    const invited = await inviteIntoA1();
    const response = await call('A1.business_admin', 'PATCH', `/memberships/${invited.id}`, {
      role_template: 'business_manager',
      active: false,
      permission_overrides: [{ permission: 'branding.edit', allow: false }],
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toStrictEqual({
      membership: membershipBody({
        id: invited.id,
        workspace: ws('A1').id,
        user: invited.user_id,
        role: 'business_manager',
        active: false,
        invitedBy: member('A1.business_admin').id,
      }),
      permission_overrides: [{ permission: 'branding.edit', allow: false }],
    });
    expect(await auditRowsOf(database, correlationIdOf(response))).toStrictEqual([
      {
        workspace_id: ws('A1').id,
        actor_user_id: member('A1.business_admin').id,
        impersonator_user_id: null,
        action: 'membership.update',
        target_type: 'membership',
        target_id: invited.id,
        metadata_json: {
          user_id: invited.user_id,
          role_template: { from: 'business_user', to: 'business_manager' },
          active: { from: true, to: false },
          permission_overrides: { from: [], to: [{ permission: 'branding.edit', allow: false }] },
        },
      },
    ]);
  });

  it('refuses one’s own membership, a role above the caller, a caller without users.manage and another tree', async () => {
    await expectError(
      await call(
        'A1.business_admin',
        'PATCH',
        `/memberships/${member('A1.business_admin').membershipId}`,
        { active: false },
      ),
      'PERMISSION_DENIED',
      { reason: 'own_membership' },
      'You cannot change your own membership.',
    );
    await expectError(
      await call(
        'A1.business_manager',
        'PATCH',
        `/memberships/${member('A1.business_admin').membershipId}`,
        { active: false },
      ),
      'PERMISSION_DENIED',
      { role_template: 'business_admin', reason: 'role_not_assignable' },
      'You cannot manage a role with more rights than your own.',
    );
    await expectError(
      await call(
        'A1.business_user',
        'PATCH',
        `/memberships/${member('A1.business_manager').membershipId}`,
        { active: false },
      ),
      'PERMISSION_DENIED',
      { required_permission: 'users.manage' },
    );
    await expectError(
      await call(
        'A.agency_admin',
        'PATCH',
        `/memberships/${member('B1.business_user').membershipId}`,
        { active: false },
      ),
      'WORKSPACE_FORBIDDEN',
      { membership_id: member('B1.business_user').membershipId },
    );
    await expectError(
      await call(
        'A1.business_admin',
        'PATCH',
        `/memberships/${member('A1.business_user').membershipId}`,
        {},
      ),
      'VALIDATION_BLOCKING',
      {
        issues: [
          { path: 'body', message: 'Provide role_template, active or permission_overrides' },
        ],
      },
    );
    const { rows } = await database.admin.query<{ active: boolean }>(
      'select active from public.workspace_memberships where id = any($1::uuid[])',
      [
        [
          member('A1.business_admin').membershipId,
          member('B1.business_user').membershipId,
          member('A1.business_manager').membershipId,
        ],
      ],
    );
    expect(rows).toStrictEqual([{ active: true }, { active: true }, { active: true }]);
  });
});
