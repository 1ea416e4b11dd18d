import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { describe, expect, it } from 'vitest';
import { setPassword } from '@aiconnected/identity';
import type { InvitationAccepted } from '@aiconnected/sdk-contracts';
import {
  bearer,
  cookie,
  expectError,
  linkTokenFor,
  TEST_ORIGIN,
  setupTwoAgencyApiTest,
} from '@/server/api/testing';

const { setup, signIn, post, inviteNewAddress } = setupTwoAgencyApiTest();

const INVALID_LINK = 'This link is invalid or has expired.';
const STRONG_PASSWORD = 'Tidal-okra-1957-violin';

/** A fresh active business_user of A1 with `password`, signed in twice (two sessions). */
async function userWithTwoSessions(password: string) {
  const email = `changer-${randomBytes(4).toString('hex')}@example.test`;
  const { rows } = await setup.database.admin.query<{ id: string }>(
    `insert into public.users (email, display_name, status) values ($1, 'Cleo Changer', 'active') returning id`,
    [email],
  );
  const userId = rows[0]?.id ?? '';
  await setup.database.admin.query(
    `insert into public.workspace_memberships (workspace_id, user_id, role_template) values ($1, $2, 'business_user')`,
    [setup.tree.workspaces.businessA1.id, userId],
  );
  await setup.database.db.withService('test: password', (tx) =>
    setPassword(tx, { userId, password }),
  );
  return {
    userId,
    email,
    first: await signIn({ email }, password),
    second: await signIn({ email }, password),
  };
}

describe('POST /api/auth/links/inspect', () => {
  it('describes a usable invitation link without spending it, then refuses it once used', async () => {
    const { email, token } = await inviteNewAddress('business_admin');
    const inspected = await post('/api/auth/links/inspect', { token });
    expect(inspected.status).toBe(200);
    expect(await inspected.json()).toStrictEqual({
      purpose: 'invitation',
      email,
      display_name: null,
      workspace_name: setup.tree.workspaces.businessA1.name,
      has_password: false,
      expires_at: expect.any(String),
    });
    // Still usable after the inspection.
    expect((await post('/api/auth/links/inspect', { token })).status).toBe(200);
    expect(
      (
        await post('/api/auth/invitations/accept', {
          token,
          password: STRONG_PASSWORD,
          display_name: 'Ivy',
        })
      ).status,
    ).toBe(200);
    await expectError(
      await post('/api/auth/links/inspect', { token }),
      'SESSION_INVALID',
      undefined,
      INVALID_LINK,
    );
  });

  it('refuses an expired and an unknown link with the same answer', async () => {
    const { token } = await inviteNewAddress('business_admin');
    await setup.database.admin.query(
      `update public.auth_tokens set created_at = now() - interval '8 days', expires_at = now() - interval '1 minute'
        where token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
      [token],
    );
    await expectError(
      await post('/api/auth/links/inspect', { token }),
      'SESSION_INVALID',
      undefined,
      INVALID_LINK,
    );
    await expectError(
      await post('/api/auth/links/inspect', { token: 'G'.repeat(43) }),
      'SESSION_INVALID',
      undefined,
      INVALID_LINK,
    );
  });
});

describe('POST /api/auth/invitations/accept signs the person in', () => {
  it("sets the session cookie and starts in the invitation's workspace with the given name", async () => {
    const { email, token } = await inviteNewAddress('business_admin');
    const accepted = await post('/api/auth/invitations/accept', {
      token,
      password: STRONG_PASSWORD,
      display_name: 'Ivy Invitee',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.headers.get('set-cookie')).toMatch(/^shell_session=[A-Za-z0-9_-]{43};/);
    const body = (await accepted.json()) as InvitationAccepted;
    expect(body).toStrictEqual({
      status: 'accepted',
      session: {
        access_token: expect.any(String),
        expires_at: expect.any(String),
        user_id: expect.any(String),
      },
      workspace_options: [
        expect.objectContaining({
          id: setup.tree.workspaces.businessA1.id,
          role_template: 'business_admin',
        }),
      ],
      default_workspace_id: setup.tree.workspaces.businessA1.id,
    });
    const session = await setup.api.request('/api/auth/session', {
      headers: cookie(body.session.access_token),
    });
    expect(await session.json()).toMatchObject({
      user: { email, display_name: 'Ivy Invitee' },
      destination: '/business',
    });
  });

  it('refuses a weak password with its score and leaves the link usable', async () => {
    const { token } = await inviteNewAddress('business_admin');
    await expectError(
      await post('/api/auth/invitations/accept', { token, password: 'aaaaaaaaaaaa' }),
      'VALIDATION_BLOCKING',
      {
        field: 'new_password',
        reason: 'too_weak',
        score: 0,
        min_score: 3,
        warning: 'Repeated characters like "aaa" are easy to guess.',
        suggestions: [
          'Add more words that are less common.',
          'Avoid repeated words and characters.',
        ],
      },
      'This password is too easy to guess. Repeated characters like "aaa" are easy to guess. Add more words that are less common.',
    );
    expect((await post('/api/auth/links/inspect', { token })).status).toBe(200);
  });
});

describe('POST /api/auth/password/change', () => {
  it('changes the password, keeps this session, revokes the others and audits it', async () => {
    const old = 'Orchard-lantern-4412';
    const user = await userWithTwoSessions(old);
    const response = await post(
      '/api/auth/password/change',
      { current_password: old, new_password: STRONG_PASSWORD },
      cookie(user.first),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toStrictEqual({
      password_status: 'changed',
      revoked_sessions: 1,
    });
    expect(
      (await setup.api.request('/api/auth/session', { headers: bearer(user.first) })).status,
    ).toBe(200);
    await expectError(
      await setup.api.request('/api/auth/session', { headers: bearer(user.second) }),
      'SESSION_INVALID',
    );
    await expectError(
      await post('/api/auth/sign-in', { email: user.email, password: old }),
      'AUTH_REQUIRED',
      undefined,
      'Email or password is incorrect.',
    );
    expect(
      (await post('/api/auth/sign-in', { email: user.email, password: STRONG_PASSWORD })).status,
    ).toBe(200);
    const { rows } = await setup.database.admin.query(
      `select action, workspace_id, metadata_json - 'people' as metadata from public.audit_logs where actor_user_id = $1 and action = 'user.password_changed'`,
      [user.userId],
    );
    expect(rows).toStrictEqual([
      {
        action: 'user.password_changed',
        workspace_id: setup.tree.workspaces.businessA1.id,
        metadata: { other_sessions_revoked: 1 },
      },
    ]);
  });

  it('refuses a wrong current password and a weak new one, changing nothing', async () => {
    const old = 'Harbor-quince-8830';
    const user = await userWithTwoSessions(old);
    await expectError(
      await post(
        '/api/auth/password/change',
        { current_password: 'not-the-password-1', new_password: STRONG_PASSWORD },
        cookie(user.first),
      ),
      'VALIDATION_BLOCKING',
      { field: 'current_password', reason: 'incorrect' },
      'Your current password is not correct.',
    );
    const weak = await post(
      '/api/auth/password/change',
      { current_password: old, new_password: 'password1234' },
      cookie(user.first),
    );
    expect(weak.status).toBe(422);
    expect(((await weak.json()) as { error: { details: unknown } }).error.details).toMatchObject({
      field: 'new_password',
      reason: 'too_weak',
    });
    expect(
      (await setup.api.request('/api/auth/session', { headers: bearer(user.second) })).status,
    ).toBe(200);
    expect((await post('/api/auth/sign-in', { email: user.email, password: old })).status).toBe(
      200,
    );
  });

  it('limits guesses of the current password per account (RATE_LIMITED)', async () => {
    const user = await userWithTwoSessions('Meadow-falcon-2291');
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const response = await post(
        '/api/auth/password/change',
        { current_password: `guess-number-${attempt}`, new_password: STRONG_PASSWORD },
        cookie(user.first),
      );
      expect(response.status).toBe(422);
    }
    const limited = await post(
      '/api/auth/password/change',
      { current_password: 'Meadow-falcon-2291', new_password: STRONG_PASSWORD },
      cookie(user.first),
    );
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
  });

  it('needs a session and refuses a cross-site cookie request', async () => {
    await expectError(
      await post('/api/auth/password/change', {
        current_password: 'x',
        new_password: STRONG_PASSWORD,
      }),
      'AUTH_REQUIRED',
    );
    const user = await userWithTwoSessions('Canyon-mosaic-7715');
    const foreign = await post(
      '/api/auth/password/change',
      { current_password: 'Canyon-mosaic-7715', new_password: STRONG_PASSWORD },
      cookie(user.first, 'https://evil.example'),
    );
    expect(foreign.status).toBe(403);
    expect(TEST_ORIGIN).not.toBe('https://evil.example');
  });
});

describe('pending invitations: GET /api/invitations, resend, revoke', () => {
  interface Listed {
    id: string;
    email: string;
    role_template: string;
    expired: boolean;
    can_manage: boolean;
  }

  async function pendingIn(token: string, workspaceId: string): Promise<Listed[]> {
    const response = await setup.api.request(`/api/invitations?workspace_id=${workspaceId}`, {
      headers: bearer(token),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: Listed[] }).items;
  }

  async function invitationIdOf(token: string, email: string): Promise<string> {
    const item = (await pendingIn(token, setup.tree.workspaces.businessA1.id)).find(
      (candidate) => candidate.email === email,
    );
    if (!item) throw new Error(`no pending invitation for ${email}`);
    return item.id;
  }

  /** The invitation's audit rows: the address and role, never the account (no user named). */
  const auditRows = async (targetId: string) =>
    (
      await setup.database.admin.query(
        `select action, workspace_id, metadata_json - 'people' as metadata,
                metadata_json->'people'->'target_user' as target_user
           from public.audit_logs where target_id = $1 and action like 'user.invitation_%'`,
        [targetId],
      )
    ).rows;

  it('lists a pending invitation and sends a new link that replaces the old one', async () => {
    const admin = await signIn(setup.tree.users.agencyAAdmin);
    const { email, token: oldLink } = await inviteNewAddress('business_admin');
    const id = await invitationIdOf(admin, email);
    expect(
      (await pendingIn(admin, setup.tree.workspaces.businessA1.id)).find((i) => i.id === id),
    ).toStrictEqual({
      id,
      workspace_id: setup.tree.workspaces.businessA1.id,
      email,
      role_template: 'business_admin',
      created_at: expect.any(String),
      expires_at: expect.any(String),
      expired: false,
      can_manage: true,
    });

    const resent = await post(`/api/invitations/${id}/resend`, {}, cookie(admin));
    expect(resent.status).toBe(200);
    const { invitation } = (await resent.json()) as { invitation: Listed };
    expect(invitation).toMatchObject({ email, role_template: 'business_admin', expired: false });
    await expectError(
      await post('/api/auth/links/inspect', { token: oldLink }),
      'SESSION_INVALID',
      undefined,
      INVALID_LINK,
    );
    const newLink = await linkTokenFor(setup.api, email);
    expect(newLink).not.toBe(oldLink);
    expect((await post('/api/auth/links/inspect', { token: newLink })).status).toBe(200);
    expect(await auditRows(invitation.id)).toStrictEqual([
      {
        action: 'user.invitation_resent',
        workspace_id: setup.tree.workspaces.businessA1.id,
        metadata: { email, role_template: 'business_admin' },
        target_user: null,
      },
    ]);
  });

  it('resends an expired invitation with a fresh expiry', async () => {
    const admin = await signIn(setup.tree.users.agencyAAdmin);
    const { email, token } = await inviteNewAddress('business_admin');
    await setup.database.admin.query(
      `update public.auth_tokens set created_at = now() - interval '8 days', expires_at = now() - interval '1 day'
        where token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
      [token],
    );
    const id = await invitationIdOf(admin, email);
    expect(
      (await pendingIn(admin, setup.tree.workspaces.businessA1.id)).find((i) => i.id === id),
    ).toMatchObject({ expired: true });
    expect((await post(`/api/invitations/${id}/resend`, {}, cookie(admin))).status).toBe(200);
    expect(
      (await post('/api/auth/links/inspect', { token: await linkTokenFor(setup.api, email) }))
        .status,
    ).toBe(200);
  });

  /** The user row of `email` (its status), if any. */
  const userStatus = async (email: string) =>
    (
      await setup.database.admin.query<{ status: string }>(
        'select status from public.users where email = $1',
        [email],
      )
    ).rows.map((row) => row.status);

  /** The platform's audit rows of removed pending users for `email`. */
  const removalRows = async (email: string) =>
    (
      await setup.database.admin.query(
        `select a.action, w.type as workspace_type, a.target_type, a.metadata_json - 'people' as metadata
           from public.audit_logs a join public.workspaces w on w.id = a.workspace_id
          where a.action = 'user.pending_removed' and a.metadata_json->>'email' = $1`,
        [email],
      )
    ).rows;

  it('revoking the only invitation of a new address removes its invited user, audited in the platform', async () => {
    const admin = await signIn(setup.tree.users.agencyAAdmin);
    const { email } = await inviteNewAddress('business_user');
    const id = await invitationIdOf(admin, email);
    expect(await userStatus(email)).toStrictEqual(['invited']);

    const revoked = await setup.api.request(`/api/invitations/${id}`, {
      method: 'DELETE',
      headers: cookie(admin),
    });
    expect(revoked.status).toBe(200);
    expect(await userStatus(email)).toStrictEqual([]);
    expect(await removalRows(email)).toStrictEqual([
      {
        action: 'user.pending_removed',
        workspace_type: 'super',
        target_type: 'user',
        metadata: { email, invitation_id: id },
      },
    ]);
    // The workspace's own row says nothing about the account.
    expect(await auditRows(id)).toStrictEqual([
      {
        action: 'user.invitation_revoked',
        workspace_id: setup.tree.workspaces.businessA1.id,
        metadata: { email, role_template: 'business_user' },
        target_user: null,
      },
    ]);
  });

  it('keeps the invited user while another invitation holds it, and never removes an account that signed in', async () => {
    const admin = await signIn(setup.tree.users.agencyAAdmin);
    // The same new address, invited by the other tenant too.
    const { email } = await inviteNewAddress('business_user');
    const otherAdmin = await signIn(setup.tree.users.agencyBAdmin);
    const invitedByB = await post(
      '/api/memberships',
      {
        workspace_id: setup.tree.workspaces.businessB1.id,
        email,
        role_template: 'business_user',
      },
      cookie(otherAdmin),
    );
    expect(invitedByB.status).toBe(201);
    const id = await invitationIdOf(admin, email);
    expect(
      (
        await setup.api.request(`/api/invitations/${id}`, {
          method: 'DELETE',
          headers: cookie(admin),
        })
      ).status,
    ).toBe(200);
    expect(await userStatus(email)).toStrictEqual(['invited']);
    expect(await removalRows(email)).toStrictEqual([]);

    // An existing account invited to A1: revoking leaves it as it was.
    const existing = await userWithTwoSessions('Quartz-lantern-8842');
    await setup.database.admin.query(
      `delete from public.workspace_memberships where user_id = $1`,
      [existing.userId],
    );
    const invitedExisting = await post(
      '/api/memberships',
      {
        workspace_id: setup.tree.workspaces.businessA1.id,
        email: existing.email,
        role_template: 'business_user',
      },
      cookie(admin),
    );
    expect(invitedExisting.status).toBe(201);
    const existingId = await invitationIdOf(admin, existing.email);
    expect(
      (
        await setup.api.request(`/api/invitations/${existingId}`, {
          method: 'DELETE',
          headers: cookie(admin),
        })
      ).status,
    ).toBe(200);
    expect(await userStatus(existing.email)).toStrictEqual(['active']);
    expect(await removalRows(existing.email)).toStrictEqual([]);
  });

  it('revokes: the link stops working, no membership exists, and a second revoke is NOT_FOUND', async () => {
    const admin = await signIn(setup.tree.users.agencyAAdmin);
    const { email, token } = await inviteNewAddress('business_admin');
    const id = await invitationIdOf(admin, email);

    const revoked = await setup.api.request(`/api/invitations/${id}`, {
      method: 'DELETE',
      headers: cookie(admin),
    });
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toStrictEqual({ ok: true });
    await expectError(
      await post('/api/auth/links/inspect', { token }),
      'SESSION_INVALID',
      undefined,
      INVALID_LINK,
    );
    const { rows } = await setup.database.admin.query(
      `select 1 from public.workspace_memberships m join public.users u on u.id = m.user_id
        where u.email = $1`,
      [email],
    );
    expect(rows).toStrictEqual([]);
    expect(await pendingIn(admin, setup.tree.workspaces.businessA1.id)).not.toContainEqual(
      expect.objectContaining({ email }),
    );
    expect(await auditRows(id)).toStrictEqual([
      {
        action: 'user.invitation_revoked',
        workspace_id: setup.tree.workspaces.businessA1.id,
        metadata: { email, role_template: 'business_admin' },
        target_user: null,
      },
    ]);
    await expectError(
      await setup.api.request(`/api/invitations/${id}`, {
        method: 'DELETE',
        headers: cookie(admin),
      }),
      'NOT_FOUND',
      undefined,
      'This invitation no longer exists: it was accepted or withdrawn.',
    );
  });

  it('is authorised like inviting: another tenant gets NOT_FOUND, a member without users.invite or the role PERMISSION_DENIED, and nothing changes', async () => {
    const admin = await signIn(setup.tree.users.agencyAAdmin);
    const { email, token } = await inviteNewAddress('business_admin');
    const id = await invitationIdOf(admin, email);

    const otherTenant = await signIn(setup.tree.users.agencyBAdmin);
    await expectError(
      await post(`/api/invitations/${id}/resend`, {}, cookie(otherTenant)),
      'NOT_FOUND',
      undefined,
      'This invitation no longer exists: it was accepted or withdrawn.',
    );
    const member = await signIn(setup.tree.users.businessA1User);
    await expectError(
      await setup.api.request(`/api/invitations/${id}`, {
        method: 'DELETE',
        headers: cookie(member),
      }),
      'PERMISSION_DENIED',
      { required_permission: 'users.invite' },
    );
    await expectError(
      await setup.api.request(
        `/api/invitations?workspace_id=${setup.tree.workspaces.businessA1.id}`,
        {
          headers: bearer(member),
        },
      ),
      'PERMISSION_DENIED',
      { required_permission: 'users.invite' },
    );

    // A business manager may invite, but not manage an invitation to business_admin.
    const manager = await userWithTwoSessions('Granite-willow-6124');
    await setup.database.admin.query(
      `update public.workspace_memberships set role_template = 'business_manager' where user_id = $1`,
      [manager.userId],
    );
    const managerToken = manager.first;
    expect(
      (await pendingIn(managerToken, setup.tree.workspaces.businessA1.id)).find((i) => i.id === id),
    ).toMatchObject({ can_manage: false });
    await expectError(
      await post(`/api/invitations/${id}/resend`, {}, cookie(managerToken)),
      'PERMISSION_DENIED',
      { role_template: 'business_admin', reason: 'role_not_assignable' },
      'You cannot manage an invitation to a role with more rights than your own.',
    );

    expect((await post('/api/auth/links/inspect', { token })).status).toBe(200);
    expect(await auditRows(id)).toStrictEqual([]);
    expect(await userStatus(email)).toStrictEqual(['invited']);
    expect(await removalRows(email)).toStrictEqual([]);
  });

  it('answers a member without users.invite alike for an existing and a random id (the capability first)', async () => {
    const admin = await signIn(setup.tree.users.agencyAAdmin);
    const { email, token } = await inviteNewAddress('business_admin');
    const existing = await invitationIdOf(admin, email);
    const member = await signIn(setup.tree.users.businessA1User);
    const resend = (id: string) => post(`/api/invitations/${id}/resend`, {}, cookie(member));
    const revoke = (id: string) =>
      setup.api.request(`/api/invitations/${id}`, { method: 'DELETE', headers: cookie(member) });

    for (const id of [existing, randomUUID()]) {
      for (const send of [resend, revoke]) {
        await expectError(await send(id), 'PERMISSION_DENIED', {
          required_permission: 'users.invite',
        });
      }
    }
    expect((await post('/api/auth/links/inspect', { token })).status).toBe(200);
    expect(await auditRows(existing)).toStrictEqual([]);
  });
});

describe('through the Node server, as a browser sends it', () => {
  it('revokes with a DELETE that has no body and no Content-Length (not a 500)', async () => {
    const admin = await signIn(setup.tree.users.agencyAAdmin);
    const { email } = await inviteNewAddress('business_admin');
    const items = (await (
      await setup.api.request(
        `/api/invitations?workspace_id=${setup.tree.workspaces.businessA1.id}`,
        {
          headers: bearer(admin),
        },
      )
    ).json()) as { items: { id: string; email: string }[] };
    const id = items.items.find((item) => item.email === email)?.id;
    const listener = getRequestListener(setup.api.fetch, { overrideGlobalObjects: false });
    // The listener answers every request itself, errors included: nothing to await here.
    const server = createServer((incoming, outgoing) => void listener(incoming, outgoing));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const request = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'DELETE',
            path: `/api/invitations/${id}`,
            headers: { cookie: `shell_session=${admin}`, origin: TEST_ORIGIN },
          },
          (response) => {
            let body = '';
            response.on('data', (chunk: Buffer) => (body += chunk.toString()));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
          },
        );
        request.on('error', reject);
        request.end();
      });
      expect(answer).toStrictEqual({ status: 200, body: '{"ok":true}' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
