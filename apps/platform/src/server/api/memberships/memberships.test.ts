import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TREE_PASSWORD } from '@aiconnected/identity/testing';
import {
  auditRow,
  auditRowsOf,
  correlationIdOf,
  expectError,
  jsonRequest,
  linkTokenFor,
  setupRoleTreeApiTest,
} from '@/server/api/testing';

const { setup, ws, member, call } = setupRoleTreeApiTest();

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

/** The invitation answer for `email`, the same whether it has an account or not. */
function invitedBody(workspace: string, email: string, role: string) {
  return {
    invitation: {
      workspace_id: workspace,
      email,
      role_template: role,
      expires_at: expect.any(String),
    },
    invite_status: 'invited',
  };
}

/** A user's memberships (workspace, role, whether it governs the account), oldest first. */
async function membershipsOf(userId: string) {
  const { rows } = await setup.database.admin.query(
    `select workspace_id, role_template, governs_account
       from public.workspace_memberships where user_id = $1 order by created_at, id`,
    [userId],
  );
  return rows;
}

/** The id of the user's pending invitation (its auth_tokens row). */
async function invitationIdOf(userId: string): Promise<string | undefined> {
  const { rows } = await setup.database.admin.query<{ id: string }>(
    "select id from public.auth_tokens where user_id = $1 and purpose = 'invitation' and used_at is null",
    [userId],
  );
  return rows[0]?.id;
}

/** Invites a new address into A1 as the business admin, who accepts; returns its membership. */
async function inviteIntoA1(role = 'business_user'): Promise<MembershipBody['membership']> {
  const email = newEmail();
  const response = await call('A1.business_admin', 'POST', '/memberships', {
    workspace_id: ws('A1').id,
    email,
    role_template: role,
  });
  expect(response.status, await response.clone().text()).toBe(201);
  const accepted = await setup.api.request(
    '/api/auth/invitations/accept',
    jsonRequest('POST', {
      token: await linkTokenFor(setup.api, email),
      password: 'invitee-password-2026',
    }),
  );
  expect(accepted.status, await accepted.clone().text()).toBe(200);
  const { rows } = await setup.database.admin.query<MembershipBody['membership']>(
    `select m.id, m.user_id, m.role_template, m.active
       from public.workspace_memberships m join public.users u on u.id = m.user_id
      where u.email = $1`,
    [email],
  );
  const membership = rows[0];
  if (!membership) throw new Error('no membership for the invited address');
  return membership;
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
    expect(await own.json()).toStrictEqual({ items: a1Members, next_cursor: null });

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
  it('invites a new address: an invited user without membership, a mailed link and an audit row', async () => {
    const email = newEmail();
    const response = await call('A1.business_admin', 'POST', '/memberships', {
      workspace_id: ws('A1').id,
      email,
      role_template: 'business_user',
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toStrictEqual(invitedBody(ws('A1').id, email, 'business_user'));
    const user = await setup.database.admin.query<{ id: string; status: string }>(
      'select id, status from public.users where email = $1',
      [email],
    );
    const userId = user.rows[0]?.id ?? '';
    expect(user.rows).toStrictEqual([{ id: userId, status: 'invited' }]);
    // No membership until the invitation is accepted, for a new address too.
    expect(await membershipsOf(userId)).toStrictEqual([]);
    const mail = await setup.database.admin.query<{ n: number }>(
      'select count(*)::int as n from public.mail_messages where to_address = $1',
      [email],
    );
    expect(mail.rows[0]?.n).toBe(1);
    expect(await auditRowsOf(setup.database, correlationIdOf(response))).toStrictEqual([
      auditRow({
        workspace: ws('A1').id,
        actor: member('A1.business_admin').id,
        action: 'user.invite',
        target: { type: 'invitation', id: await invitationIdOf(userId) },
        metadata: {
          email,
          role_template: 'business_user',
          invite_status: 'invited',
        },
      }),
    ]);
  });

  it('invites an existing account of another tree like a new address: same answer, nothing added, nothing leaked', async () => {
    const existing = member('B1.business_user');
    const before = await membershipsOf(existing.id);
    const response = await call('A.agency_admin', 'POST', '/memberships', {
      workspace_id: ws('A1').id,
      email: existing.email.toUpperCase(),
      role_template: 'business_manager',
    });
    const fresh = newEmail();
    const forNew = await call('A.agency_admin', 'POST', '/memberships', {
      workspace_id: ws('A1').id,
      email: fresh,
      role_template: 'business_manager',
    });
    expect([response.status, forNew.status]).toStrictEqual([201, 201]);
    expect(await response.json()).toStrictEqual(
      invitedBody(ws('A1').id, existing.email, 'business_manager'),
    );
    expect(await forNew.json()).toStrictEqual(invitedBody(ws('A1').id, fresh, 'business_manager'));
    // No membership until the owner accepts: B keeps governing the account alone.
    expect(await membershipsOf(existing.id)).toStrictEqual(before);
    await expectError(
      await call('A.agency_admin', 'PATCH', `/users/${existing.id}`, { status: 'suspended' }),
      'WORKSPACE_FORBIDDEN',
      { user_id: existing.id },
      'This user is outside the workspaces you manage.',
    );
    expect(await linkTokenFor(setup.api, existing.email)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Nor does the inviting workspace's audit log name the account before it accepts.
    const audit = await setup.database.admin.query<{ row: string }>(
      'select row_to_json(a)::text as row from public.audit_logs a where correlation_id = $1',
      [correlationIdOf(response)],
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]?.row).not.toContain(existing.displayName);
    expect(audit.rows[0]?.row).not.toContain(existing.id);
  });

  it('answers a second invitation, the users list and the pending list alike for a new address and an existing account', async () => {
    const existing = member('B1.business_admin');
    const fresh = newEmail();
    const invite = (email: string) =>
      call('A.agency_admin', 'POST', '/memberships', {
        workspace_id: ws('A2').id,
        email,
        role_template: 'business_user',
      });
    const shape = async (response: Response, email: string) => ({
      status: response.status,
      body: (await response.text()).replace(email, '<email>').replace(/"expires_at":"[^"]+"/, ''),
    });
    for (let round = 1; round <= 2; round++) {
      const [forExisting, forNew] = [await invite(existing.email), await invite(fresh)];
      expect(await shape(forExisting, existing.email)).toStrictEqual(await shape(forNew, fresh));
      expect(forNew.status).toBe(201);
    }
    // Neither is a member of A2 yet: the users list shows neither address...
    const users = await call(
      'A.agency_admin',
      'GET',
      `/users?workspace_id=${ws('A2').id}&limit=200`,
    );
    expect(users.status).toBe(200);
    const listed = ((await users.json()) as { items: { email: string }[] }).items.map(
      (u) => u.email,
    );
    expect(listed.filter((email) => email === fresh || email === existing.email)).toStrictEqual([]);
    // ...and the pending list shows both the same way.
    const pending = await call('A.agency_admin', 'GET', `/invitations?workspace_id=${ws('A2').id}`);
    const items = ((await pending.json()) as { items: Record<string, unknown>[] }).items;
    const entry = (email: string) => {
      const found = items.filter((item) => item.email === email);
      expect(found).toHaveLength(1);
      const { id: _id, created_at: _created, expires_at: _expires, ...rest } = found[0] ?? {};
      return { ...rest, email: '<email>' };
    };
    expect(entry(existing.email)).toStrictEqual(entry(fresh));
  });

  it('lists the address an invitation was sent to, not the account address it has now', async () => {
    const existing = member('B1.business_user');
    const invitedAs = existing.email;
    expect(
      (
        await call('A.agency_admin', 'POST', '/memberships', {
          workspace_id: ws('A2').id,
          email: invitedAs,
          role_template: 'business_user',
        })
      ).status,
    ).toBe(201);
    const renamed = newEmail();
    await setup.database.admin.query('update public.users set email = $1 where id = $2', [
      renamed,
      existing.id,
    ]);
    try {
      const pending = await call(
        'A.agency_admin',
        'GET',
        `/invitations?workspace_id=${ws('A2').id}`,
      );
      const text = await pending.text();
      expect(text).toContain(invitedAs);
      expect(text).not.toContain(renamed);
    } finally {
      await setup.database.admin.query('update public.users set email = $1 where id = $2', [
        invitedAs,
        existing.id,
      ]);
    }
  });

  it("counts an invitation's wrong passwords against the account's sign-in failure limit", async () => {
    const existing = member('B.agency_user');
    expect(
      (
        await call('A.agency_admin', 'POST', '/memberships', {
          workspace_id: ws('A1').id,
          email: existing.email,
          role_template: 'business_user',
        })
      ).status,
    ).toBe(201);
    const token = await linkTokenFor(setup.api, existing.email);
    const accept = (password: string) =>
      setup.api.request('/api/auth/invitations/accept', jsonRequest('POST', { token, password }));
    // The default allowance: 10 failures per account per quarter hour.
    for (let attempt = 1; attempt <= 10; attempt++) {
      expect((await accept(`wrong password number ${attempt}`)).status).toBe(401);
    }
    const limited = await accept(TREE_PASSWORD);
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    // The same counter as sign-in's, and the link was not spent.
    const signIn = await setup.api.request(
      '/api/auth/sign-in',
      jsonRequest('POST', { email: existing.email, password: TREE_PASSWORD }),
    );
    expect(signIn.status).toBe(429);
    expect(await membershipsOf(existing.id)).toStrictEqual([
      { workspace_id: ws('B').id, role_template: 'agency_user', governs_account: true },
    ]);
    const { rows } = await setup.database.admin.query(
      "select used_at from public.auth_tokens where user_id = $1 and purpose = 'invitation'",
      [existing.id],
    );
    expect(rows).toStrictEqual([{ used_at: null }]);
  });

  it('adds the membership when the existing account accepts with its password; its home keeps control', async () => {
    const existing = member('B1.business_manager');
    const invited = await call('A.agency_admin', 'POST', '/memberships', {
      workspace_id: ws('A2').id,
      email: existing.email,
      role_template: 'business_user',
    });
    expect(invited.status).toBe(201);
    const token = await linkTokenFor(setup.api, existing.email);
    await expectError(
      await setup.api.request('/api/auth/invitations/accept', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, password: 'a wrong password, surely' }),
      }),
      'AUTH_REQUIRED',
      { reason: 'wrong_password' },
      'This account already has a password: enter it to accept the invitation.',
    );
    const accepted = await setup.api.request('/api/auth/invitations/accept', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, password: TREE_PASSWORD }),
    });
    expect(accepted.status, await accepted.clone().text()).toBe(200);
    expect(await membershipsOf(existing.id)).toStrictEqual([
      { workspace_id: ws('B1').id, role_template: 'business_manager', governs_account: true },
      { workspace_id: ws('A2').id, role_template: 'business_user', governs_account: false },
    ]);
    // The inviter manages the membership in its workspace, not the account.
    await expectError(
      await call('A.agency_admin', 'PATCH', `/users/${existing.id}/email`, {
        new_email: newEmail(),
      }),
      'WORKSPACE_FORBIDDEN',
      { user_id: existing.id },
      'This user is outside the workspaces you manage.',
    );
    const home = await call('B1.business_admin', 'PATCH', `/users/${existing.id}`, {
      profile: { display_name: 'Still Governed By B1' },
    });
    expect(home.status, await home.clone().text()).toBe(200);
  });

  it('answers CONFLICT for an existing membership', async () => {
    const existing = member('A2.business_user');
    const again = await call('A.agency_admin', 'POST', '/memberships', {
      workspace_id: ws('A2').id,
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

  it('lets a super_manager invite nobody above itself: no agency_admin, no business_admin', async () => {
    for (const [key, role] of [
      ['A', 'agency_admin'],
      ['A1', 'business_admin'],
      ['S', 'super_admin'],
    ] as const) {
      const email = newEmail();
      await expectError(
        await call('S.super_manager', 'POST', '/memberships', {
          workspace_id: ws(key).id,
          email,
          role_template: role,
        }),
        'PERMISSION_DENIED',
        { role_template: role, reason: 'role_not_assignable' },
        'You cannot grant a role with more rights than your own.',
      );
      const { rows } = await setup.database.admin.query(
        'select 1 from public.users where email = $1',
        [email],
      );
      expect(rows).toStrictEqual([]);
    }
    const allowed = await call('S.super_manager', 'POST', '/memberships', {
      workspace_id: ws('A').id,
      email: newEmail(),
      role_template: 'agency_manager',
    });
    expect(allowed.status).toBe(201);
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
    const { rows } = await setup.database.admin.query(
      'select 1 from public.users where email = $1',
      [email],
    );
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
    expect(await auditRowsOf(setup.database, correlationIdOf(response))).toStrictEqual([
      auditRow({
        workspace: ws('A1').id,
        actor: member('A1.business_admin').id,
        action: 'membership.update',
        target: { type: 'membership', id: invited.id },
        metadata: {
          user_id: invited.user_id,
          role_template: { from: 'business_user', to: 'business_manager' },
          active: { from: true, to: false },
          permission_overrides: { from: [], to: [{ permission: 'branding.edit', allow: false }] },
        },
      }),
    ]);
  });

  it('refuses a super_manager promoting to agency_admin or granting billing.manage, changing nothing', async () => {
    const target = member('A.agency_user');
    await expectError(
      await call('S.super_manager', 'PATCH', `/memberships/${target.membershipId}`, {
        role_template: 'agency_admin',
      }),
      'PERMISSION_DENIED',
      { role_template: 'agency_admin', reason: 'role_not_assignable' },
      'You cannot manage a role with more rights than your own.',
    );
    await expectError(
      await call('S.super_manager', 'PATCH', `/memberships/${target.membershipId}`, {
        permission_overrides: [{ permission: 'billing.manage', allow: true }],
      }),
      'PERMISSION_DENIED',
      { permission: 'billing.manage', reason: 'permission_not_grantable' },
      'You cannot grant a permission you do not hold yourself.',
    );
    await expectError(
      await call(
        'S.super_manager',
        'PATCH',
        `/memberships/${member('A.agency_admin').membershipId}`,
        {
          active: false,
        },
      ),
      'PERMISSION_DENIED',
      { role_template: 'agency_admin', reason: 'role_not_assignable' },
      'You cannot manage a role with more rights than your own.',
    );
    const { rows } = await setup.database.admin.query(
      `select m.role_template, m.active, count(mp.*)::int as overrides
         from public.workspace_memberships m
         left join public.membership_permissions mp on mp.membership_id = m.id
        where m.id = any($1::uuid[]) group by m.id, m.role_template, m.active order by m.role_template`,
      [[target.membershipId, member('A.agency_admin').membershipId]],
    );
    expect(rows).toStrictEqual([
      { role_template: 'agency_admin', active: true, overrides: 0 },
      { role_template: 'agency_user', active: true, overrides: 0 },
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
    const { rows } = await setup.database.admin.query<{ active: boolean }>(
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
