import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  auditRow,
  auditRowsOf,
  correlationIdOf,
  expectError,
  jsonRequest,
  linkTokenFor,
  setupRoleTreeApiTest,
  type MemberLabel,
} from '@/server/api/testing';

const { setup, ws, member, call } = setupRoleTreeApiTest();

const outOfScope = 'This user is outside the workspaces you manage.';
const outranked = 'You cannot manage someone with more rights than your own.';

/** The API shape of a seeded user, timestamps as matchers. */
function userBody(label: MemberLabel, fields: { displayName?: string; status?: string } = {}) {
  const user = member(label);
  return {
    id: user.id,
    email: user.email,
    display_name: fields.displayName ?? user.displayName,
    status: fields.status ?? 'active',
    created_at: expect.any(String),
    updated_at: expect.any(String),
  };
}

async function mailCount(to: string): Promise<number> {
  const { rows } = await setup.database.admin.query<{ n: number }>(
    'select count(*)::int as n from public.mail_messages where to_address = $1',
    [to],
  );
  return rows[0]?.n ?? -1;
}

describe('GET /api/users', () => {
  const a1Labels = ['A1.business_admin', 'A1.business_manager', 'A1.business_user'] as const;
  /** The A1 members as the list shows them to someone allowed `actions` on each. */
  const a1Items = (actions: Record<(typeof a1Labels)[number], string[]>) =>
    a1Labels
      .map((label) => ({ label, user: member(label) }))
      .sort((a, b) => (a.user.email < b.user.email ? -1 : 1))
      .map(({ label, user }) => ({
        id: user.id,
        email: user.email,
        display_name: user.displayName,
        status: 'active',
        membership_id: user.membershipId,
        role_template: user.role,
        active: true,
        created_at: expect.any(String),
        allowed_actions: actions[label],
      }));
  const everything = [
    'edit_profile',
    'change_email',
    'send_reset_link',
    'suspend',
    'manage_membership',
  ];

  it('lists the users of the active workspace with their membership, by email', async () => {
    const response = await call('A1.business_user', 'GET', '/users');
    expect(response.status).toBe(200);
    expect(await response.json()).toStrictEqual({
      items: a1Items({
        'A1.business_admin': [],
        'A1.business_manager': [],
        'A1.business_user': ['edit_profile', 'change_email'],
      }),
      next_cursor: null,
      assignable_roles: [],
    });
    const fromAgency = await call('A.agency_admin', 'GET', `/users?workspace_id=${ws('A1').id}`);
    expect(await fromAgency.json()).toStrictEqual({
      items: a1Items({
        'A1.business_admin': everything,
        'A1.business_manager': everything,
        'A1.business_user': everything,
      }),
      next_cursor: null,
      assignable_roles: ['business_admin', 'business_manager', 'business_user'],
    });
  });

  it('offers a manager no action on those who outrank it, by the rules the endpoints enforce', async () => {
    const response = await call('A1.business_manager', 'GET', '/users');
    expect(await response.json()).toStrictEqual({
      items: a1Items({
        'A1.business_admin': [],
        'A1.business_manager': ['edit_profile', 'change_email', 'send_reset_link'],
        'A1.business_user': everything,
      }),
      next_cursor: null,
      assignable_roles: ['business_manager', 'business_user'],
    });
    const fromAgencyManager = await call(
      'A.agency_manager',
      'GET',
      `/users?workspace_id=${ws('A1').id}`,
    );
    const body = (await fromAgencyManager.json()) as {
      items: { role_template: string; allowed_actions: string[] }[];
    };
    expect(
      body.items.map((item) => [item.role_template, item.allowed_actions.length > 0]),
    ).toStrictEqual(
      a1Items({ 'A1.business_admin': [], 'A1.business_manager': [], 'A1.business_user': [] }).map(
        (item) => [item.role_template, item.role_template !== 'business_admin'],
      ),
    );
  });

  it('answers WORKSPACE_FORBIDDEN for a workspace outside the scope', async () => {
    await expectError(
      await call('A.agency_admin', 'GET', `/users?workspace_id=${ws('B1').id}`),
      'WORKSPACE_FORBIDDEN',
      {
        workspace_id: ws('B1').id,
      },
    );
  });
});

describe('PATCH /api/users/{id}', () => {
  it('lets a user rename themselves, audited', async () => {
    const response = await call(
      'A1.business_user',
      'PATCH',
      `/users/${member('A1.business_user').id}`,
      {
        profile: { display_name: '  Dana Dental  ' },
      },
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toStrictEqual({
      user: userBody('A1.business_user', { displayName: 'Dana Dental' }),
    });
    expect(await auditRowsOf(setup.database, correlationIdOf(response))).toStrictEqual([
      auditRow({
        workspace: ws('A1').id,
        actor: member('A1.business_user').id,
        action: 'user.profile_update',
        target: { type: 'user', id: member('A1.business_user').id },
        metadata: { display_name: { from: 'User A1.business_user', to: 'Dana Dental' } },
      }),
    ]);
  });

  it('lets an agency admin suspend a user of its business (sessions end) and reactivate them', async () => {
    const target = member('A2.business_user');
    const suspended = await call('A.agency_admin', 'PATCH', `/users/${target.id}`, {
      status: 'suspended',
    });
    expect(suspended.status).toBe(200);
    expect(await suspended.json()).toStrictEqual({
      user: userBody('A2.business_user', { status: 'suspended' }),
    });
    expect(await auditRowsOf(setup.database, correlationIdOf(suspended))).toStrictEqual([
      auditRow({
        workspace: ws('A').id,
        actor: member('A.agency_admin').id,
        action: 'user.suspend',
        target: { type: 'user', id: target.id },
        metadata: { from_status: 'active', to_status: 'suspended' },
      }),
    ]);
    await expectError(await call('A2.business_user', 'GET', '/users'), 'SESSION_INVALID');

    const reactivated = await call('A.agency_admin', 'PATCH', `/users/${target.id}`, {
      status: 'active',
    });
    expect(await reactivated.json()).toStrictEqual({ user: userBody('A2.business_user') });
  });

  it('refuses one’s own status, a user out of scope, a caller without users.manage and an empty change', async () => {
    await expectError(
      await call('A1.business_admin', 'PATCH', `/users/${member('A1.business_admin').id}`, {
        status: 'suspended',
      }),
      'PERMISSION_DENIED',
      { reason: 'own_account' },
      'You cannot suspend or reactivate your own account.',
    );
    await expectError(
      await call('A1.business_admin', 'PATCH', `/users/${member('A.agency_user').id}`, {
        status: 'suspended',
      }),
      'WORKSPACE_FORBIDDEN',
      { user_id: member('A.agency_user').id },
      outOfScope,
    );
    await expectError(
      await call('A1.business_user', 'PATCH', `/users/${member('A1.business_admin').id}`, {
        profile: { display_name: 'Boss' },
      }),
      'PERMISSION_DENIED',
      { required_permission: 'users.manage' },
    );
    await expectError(
      await call('A1.business_admin', 'PATCH', `/users/${member('A1.business_user').id}`, {}),
      'VALIDATION_BLOCKING',
      {
        issues: [{ path: 'body', message: 'Provide profile or status' }],
      },
    );
    const { rows } = await setup.database.admin.query<{ status: string; display_name: string }>(
      'select status, display_name from public.users where id = any($1::uuid[]) order by display_name',
      [[member('A1.business_admin').id, member('A.agency_user').id]],
    );
    expect(rows).toStrictEqual([
      { status: 'active', display_name: member('A.agency_user').displayName },
      { status: 'active', display_name: member('A1.business_admin').displayName },
    ]);
  });

  it('applies status and profile together', async () => {
    const response = await call(
      'A1.business_admin',
      'PATCH',
      `/users/${member('A1.business_manager').id}`,
      {
        status: 'suspended',
        profile: { display_name: 'Former Manager' },
      },
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toStrictEqual({
      user: userBody('A1.business_manager', { displayName: 'Former Manager', status: 'suspended' }),
    });
    const actions = (await auditRowsOf(setup.database, correlationIdOf(response))).map(
      (row) => row.action,
    );
    expect(actions.sort()).toStrictEqual(['user.profile_update', 'user.suspend']);
  });

  it('applies neither when one part is refused: a valid rename with one’s own suspension', async () => {
    const self = member('A1.business_admin');
    const response = await call('A1.business_admin', 'PATCH', `/users/${self.id}`, {
      profile: { display_name: 'Renamed Boss' },
      status: 'suspended',
    });
    const correlationId = correlationIdOf(response);
    await expectError(
      response,
      'PERMISSION_DENIED',
      { reason: 'own_account' },
      'You cannot suspend or reactivate your own account.',
    );
    const { rows } = await setup.database.admin.query(
      'select status, display_name from public.users where id = $1',
      [self.id],
    );
    expect(rows).toStrictEqual([{ status: 'active', display_name: self.displayName }]);
    expect(await auditRowsOf(setup.database, correlationId)).toStrictEqual([]);
    // The rename alone is allowed, so the refusal above is what kept it out.
    const alone = await call('A1.business_admin', 'PATCH', `/users/${self.id}`, {
      profile: { display_name: self.displayName },
    });
    expect(alone.status).toBe(200);
  });
});

describe('PATCH /api/users/{id}/email', () => {
  it('mails a verification link to the new address and leaves the account unchanged until it is used', async () => {
    const target = member('A1.business_user');
    const newEmail = `dana-${randomBytes(4).toString('hex')}@example.test`;
    const response = await call('A1.business_admin', 'PATCH', `/users/${target.id}/email`, {
      new_email: newEmail,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { user: { email: string } };
    expect(body).toStrictEqual({
      user: { ...userBody('A1.business_user'), display_name: expect.any(String) },
      verification_status: 'pending',
    });
    expect(await mailCount(newEmail)).toBe(1);
    expect(await auditRowsOf(setup.database, correlationIdOf(response))).toMatchObject([
      {
        action: 'user.email_change_requested',
        target_id: target.id,
        metadata_json: { new_email: newEmail },
      },
    ]);
  });

  it('answers an address in use like a free one: its owner gets a notice, no link; the old address is told', async () => {
    const target = member('A1.business_user');
    const taken = member('B1.business_user').email;
    const before = { taken: await mailCount(taken), old: await mailCount(target.email) };
    const response = await call('A1.business_admin', 'PATCH', `/users/${target.id}/email`, {
      new_email: taken,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toStrictEqual({
      user: { ...userBody('A1.business_user'), display_name: expect.any(String) },
      verification_status: 'pending',
    });
    expect(await mailCount(taken)).toBe(before.taken + 1);
    expect(await mailCount(target.email)).toBe(before.old + 1);
    const { rows } = await setup.database.admin.query<{ subject: string; text_body: string }>(
      'select subject, text_body from public.mail_messages where to_address = $1 order by created_at desc limit 1',
      [taken],
    );
    expect(rows[0]?.subject).toBe('An email change named your address');
    expect(rows[0]?.text_body).not.toContain('token=');
  });

  it('refuses a caller without users.email.update and a user out of scope', async () => {
    await expectError(
      await call('A1.business_user', 'PATCH', `/users/${member('A1.business_admin').id}/email`, {
        new_email: 'boss@example.test',
      }),
      'PERMISSION_DENIED',
      { required_permission: 'users.email.update' },
    );
    await expectError(
      await call('A.agency_admin', 'PATCH', `/users/${member('B1.business_user').id}/email`, {
        new_email: 'steal@example.test',
      }),
      'WORKSPACE_FORBIDDEN',
      { user_id: member('B1.business_user').id },
      outOfScope,
    );
    expect(await mailCount('boss@example.test')).toBe(0);
    expect(await mailCount('steal@example.test')).toBe(0);
  });

  it('mails the old address a link that cancels the pending change (POST /api/auth/email/cancel)', async () => {
    const target = member('A2.business_user');
    const newEmail = `hijack-${randomBytes(4).toString('hex')}@example.test`;
    const requested = await call('A.agency_admin', 'PATCH', `/users/${target.id}/email`, {
      new_email: newEmail,
    });
    expect(requested.status).toBe(200);
    const cancelToken = await linkTokenFor(setup.api, target.email);
    const verifyToken = await linkTokenFor(setup.api, newEmail);
    const cancelled = await setup.api.request(
      '/api/auth/email/cancel',
      jsonRequest('POST', { token: cancelToken }),
    );
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toStrictEqual({ verification_status: 'cancelled' });
    expect(await auditRowsOf(setup.database, correlationIdOf(cancelled))).toMatchObject([
      {
        action: 'user.email_change_cancelled',
        target_id: target.id,
        metadata_json: { new_email: newEmail },
      },
    ]);
    await expectError(
      await setup.api.request(
        '/api/auth/email/verify',
        jsonRequest('POST', { token: verifyToken }),
      ),
      'SESSION_INVALID',
      undefined,
      'This link is invalid or has expired.',
    );
    await expectError(
      await setup.api.request(
        '/api/auth/email/cancel',
        jsonRequest('POST', { token: cancelToken }),
      ),
      'SESSION_INVALID',
      undefined,
      'This link is invalid or has expired.',
    );
    const { rows } = await setup.database.admin.query(
      'select email from public.users where id = $1',
      [target.id],
    );
    expect(rows).toStrictEqual([{ email: target.email }]);
  });

  it('limits email change requests like password resets (5 per hour per account)', async () => {
    const self = member('B1.business_user');
    const ask = () =>
      call('B1.business_user', 'PATCH', `/users/${self.id}/email`, {
        new_email: `many-${randomBytes(4).toString('hex')}@example.test`,
      });
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await ask()).status).toBe(200);
    const refused = await ask();
    await expectError(refused, 'RATE_LIMITED', { retry_after_seconds: expect.any(Number) });
  });
});

describe('actions on a higher-ranked account', () => {
  const cases = [
    // A1's manager is suspended by an earlier test; B1's is the same case.
    ['B1.business_manager', 'B1.business_admin'],
    ['A.agency_manager', 'A.agency_admin'],
    ['A.agency_manager', 'A1.business_admin'],
    ['S.super_manager', 'S.super_admin'],
  ] as const;

  it.each(cases)(
    '%s cannot change the email of, suspend, rename or send a reset link to %s; nothing changes, nothing is mailed',
    async (actor, targetLabel) => {
      const target = member(targetLabel);
      const newEmail = `takeover-${randomBytes(4).toString('hex')}@example.test`;
      const mailsBefore = await mailCount(target.email);
      const denied = { user_id: target.id, reason: 'role_not_manageable' };
      const attempts = [
        call(actor, 'PATCH', `/users/${target.id}/email`, { new_email: newEmail }),
        call(actor, 'PATCH', `/users/${target.id}`, { status: 'suspended' }),
        call(actor, 'PATCH', `/users/${target.id}`, { profile: { display_name: 'Taken Over' } }),
        call(actor, 'POST', `/users/${target.id}/password-reset-link`),
      ];
      for (const attempt of attempts) {
        const response = await attempt;
        expect(await auditRowsOf(setup.database, correlationIdOf(response))).toStrictEqual([]);
        await expectError(response, 'PERMISSION_DENIED', denied, outranked);
      }
      const { rows } = await setup.database.admin.query(
        'select email, status, display_name from public.users where id = $1',
        [target.id],
      );
      expect(rows).toStrictEqual([
        { email: target.email, status: 'active', display_name: target.displayName },
      ]);
      expect(await mailCount(newEmail)).toBe(0);
      expect(await mailCount(target.email)).toBe(mailsBefore);
      const tokens = await setup.database.admin.query(
        'select purpose from public.auth_tokens where user_id = $1 and used_at is null',
        [target.id],
      );
      expect(tokens.rows).toStrictEqual([]);
    },
  );

  it('still lets a manager act on its peers and those below it', async () => {
    const response = await call(
      'B1.business_manager',
      'POST',
      `/users/${member('B1.business_user').id}/password-reset-link`,
    );
    expect(response.status).toBe(200);
  });
});

describe('POST /api/users/{id}/password-reset-link', () => {
  it('mails the user a single-use link and shows the admin nothing of it', async () => {
    const target = member('A1.business_user');
    const before = await mailCount(target.email);
    const response = await call(
      'A1.business_admin',
      'POST',
      `/users/${target.id}/password-reset-link`,
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toStrictEqual({ reset_status: 'sent' });
    expect(await mailCount(target.email)).toBe(before + 1);
    const tokens = await setup.database.admin.query(
      "select created_by_user_id from public.auth_tokens where user_id = $1 and purpose = 'password_reset' and used_at is null",
      [target.id],
    );
    expect(tokens.rows).toStrictEqual([{ created_by_user_id: member('A1.business_admin').id }]);
    expect(await auditRowsOf(setup.database, correlationIdOf(response))).toStrictEqual([
      auditRow({
        workspace: ws('A1').id,
        actor: member('A1.business_admin').id,
        action: 'user.password_reset_link',
        target: { type: 'user', id: target.id },
        metadata: {},
      }),
    ]);
  });

  it('refuses a caller without users.password.reset and a user out of scope', async () => {
    await expectError(
      await call(
        'A1.business_user',
        'POST',
        `/users/${member('A1.business_admin').id}/password-reset-link`,
      ),
      'PERMISSION_DENIED',
      { required_permission: 'users.password.reset' },
    );
    await expectError(
      await call(
        'A.agency_admin',
        'POST',
        `/users/${member('B1.business_admin').id}/password-reset-link`,
      ),
      'WORKSPACE_FORBIDDEN',
      { user_id: member('B1.business_admin').id },
      outOfScope,
    );
    expect(await mailCount(member('B1.business_admin').email)).toBe(0);
  });
});
