import { describe, expect, it } from 'vitest';
import { seedTwoAgencyTree, type TwoAgencyTree } from '@aiconnected/identity/testing';
import { ROLE_CAPABILITIES } from '@aiconnected/permissions';
import { NOT_IMPERSONATING, type SessionView } from '@aiconnected/sdk-contracts';
import type { ApiApp } from '@/server/api/context';
import { bearer, cookie, expectError, setupApiTest, signInAs } from '@/server/api/testing';

let tree: TwoAgencyTree;
let api: ApiApp;

setupApiTest(seedTwoAgencyTree, (setup) => {
  ({ tree, api } = setup);
});

const CLEARED_COOKIE = 'shell_session=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax';

describe('GET /api/auth/session', () => {
  it('describes a business admin: user, session, context, options, destination, no impersonation', async () => {
    const user = tree.users.businessA1Admin;
    const token = await signInAs(api, user);

    const response = await api.request('/api/auth/session', { headers: bearer(token) });

    expect(response.status).toBe(200);
    const body = (await response.json()) as SessionView;
    expect(body).toStrictEqual({
      user: { id: user.id, email: user.email, display_name: user.displayName },
      session: { id: expect.any(String), expires_at: expect.any(String) },
      context: {
        user_id: user.id,
        session_id: body.session.id,
        workspace_id: tree.workspaces.businessA1.id,
        role_template: 'business_admin',
        permissions: expect.any(Array),
        impersonation: NOT_IMPERSONATING,
      },
      workspace_options: [
        {
          id: tree.workspaces.businessA1.id,
          name: tree.workspaces.businessA1.name,
          type: 'business',
          role_template: 'business_admin',
        },
      ],
      destination: '/business',
      impersonation: {
        active: false,
        actor_user_id: null,
        actor_workspace: null,
        target_workspace: null,
      },
    });
    expect([...(body.context?.permissions ?? [])].sort()).toStrictEqual(
      [...ROLE_CAPABILITIES.business_admin].sort(),
    );
  });

  it('sends each role to its dashboard', async () => {
    const cases = [
      [tree.users.superAdmin, '/super'],
      [tree.users.agencyAAdmin, '/agency'],
      [tree.users.businessB1Admin, '/business'],
    ] as const;
    for (const [user, destination] of cases) {
      const token = await signInAs(api, user);
      const response = await api.request('/api/auth/session', { headers: cookie(token) });
      expect(await response.json()).toMatchObject({ destination });
    }
  });

  it('sends a user with several workspaces, or none, to the selector with a null context', async () => {
    for (const [user, count] of [
      [tree.users.twoWorkspaces, 2],
      [tree.users.noWorkspace, 0],
    ] as const) {
      const token = await signInAs(api, user);
      const response = await api.request('/api/auth/session', { headers: bearer(token) });
      expect(response.status).toBe(200);
      const body = (await response.json()) as SessionView;
      expect(body.context).toBeNull();
      expect(body.destination).toBe('/select-workspace');
      expect(body.workspace_options).toHaveLength(count);
    }
  });

  it('answers AUTH_REQUIRED without a session and SESSION_INVALID for a dead one', async () => {
    await expectError(await api.request('/api/auth/session'), 'AUTH_REQUIRED');
    await expectError(
      await api.request('/api/auth/session', { headers: bearer('C'.repeat(43)) }),
      'SESSION_INVALID',
    );
  });
});

describe('POST /api/auth/sign-out', () => {
  it('revokes a Bearer session: the token is SESSION_INVALID afterwards, also for a second sign-out', async () => {
    const token = await signInAs(api, tree.users.agencyAUser);

    const response = await api.request('/api/auth/sign-out', {
      method: 'POST',
      headers: bearer(token),
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toStrictEqual({ ok: true });
    await expectError(
      await api.request('/api/auth/session', { headers: bearer(token) }),
      'SESSION_INVALID',
    );
    await expectError(
      await api.request('/api/auth/sign-out', { method: 'POST', headers: bearer(token) }),
      'SESSION_INVALID',
    );
  });

  it('revokes a cookie session and clears the cookie', async () => {
    const token = await signInAs(api, tree.users.agencyAUser);

    const response = await api.request('/api/auth/sign-out', {
      method: 'POST',
      headers: cookie(token),
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toBe(CLEARED_COOKIE);
    await expectError(
      await api.request('/api/auth/session', { headers: cookie(token) }),
      'SESSION_INVALID',
    );
  });

  it('clears a dead cookie while answering SESSION_INVALID', async () => {
    const response = await api.request('/api/auth/sign-out', {
      method: 'POST',
      headers: cookie('D'.repeat(43)),
    });
    expect(response.headers.get('set-cookie')).toBe(CLEARED_COOKIE);
    await expectError(response, 'SESSION_INVALID');
  });

  it('refuses a cross-site sign-out by cookie and needs a token', async () => {
    const token = await signInAs(api, tree.users.agencyAUser);
    const forged = await api.request('/api/auth/sign-out', {
      method: 'POST',
      headers: cookie(token, 'https://evil.example'),
    });
    await expectError(forged, 'PERMISSION_DENIED', { reason: 'origin' });
    expect((await api.request('/api/auth/session', { headers: bearer(token) })).status).toBe(200);

    await expectError(await api.request('/api/auth/sign-out', { method: 'POST' }), 'AUTH_REQUIRED');
  });
});

describe('GET /api/auth/sessions and DELETE /api/auth/sessions/{id}', () => {
  it('lists only the user’s own live sessions, marking the current one', async () => {
    const user = tree.users.agencyBAdmin;
    const first = await signInAs(api, user);
    const second = await signInAs(api, user);
    const other = await signInAs(api, tree.users.businessB1Admin);
    const [firstId, secondId, otherId] = await Promise.all([first, second, other].map(sessionIdOf));

    const response = await api.request('/api/auth/sessions', { headers: bearer(second) });

    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: { id: string; current: boolean }[] };
    const ids = items.map((item) => item.id);
    expect(ids).toContain(firstId);
    expect(ids).toContain(secondId);
    expect(ids).not.toContain(otherId);
    expect(items.find((item) => item.id === secondId)).toStrictEqual({
      id: secondId,
      current: true,
      created_at: expect.any(String),
      last_seen_at: expect.any(String),
      expires_at: expect.any(String),
      user_agent: null,
      ip: null,
      active_workspace_id: tree.workspaces.agencyB.id,
      impersonating: false,
    });
    expect(items.filter((item) => item.current)).toHaveLength(1);
  });

  it('revokes another of the user’s sessions, which then stops working', async () => {
    const user = tree.users.agencyBAdmin;
    const lost = await signInAs(api, user);
    const current = await signInAs(api, user);
    const lostId = await sessionIdOf(lost);

    const response = await api.request(`/api/auth/sessions/${lostId}`, {
      method: 'DELETE',
      headers: bearer(current),
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toStrictEqual({ ok: true });
    expect(response.headers.get('set-cookie')).toBeNull();
    await expectError(
      await api.request('/api/auth/session', { headers: bearer(lost) }),
      'SESSION_INVALID',
    );
    expect((await api.request('/api/auth/session', { headers: bearer(current) })).status).toBe(200);
  });

  it('answers NOT_FOUND for another user’s session (which keeps working) and for an unknown id', async () => {
    const victim = await signInAs(api, tree.users.businessB1Admin);
    const victimId = await sessionIdOf(victim);
    const attacker = await signInAs(api, tree.users.agencyBAdmin);

    const response = await api.request(`/api/auth/sessions/${victimId}`, {
      method: 'DELETE',
      headers: bearer(attacker),
    });
    await expectError(response, 'NOT_FOUND');
    expect((await api.request('/api/auth/session', { headers: bearer(victim) })).status).toBe(200);

    const unknown = await api.request('/api/auth/sessions/6f1c1e0e-6d3c-4c55-9d5a-3f2b8a1e9c10', {
      method: 'DELETE',
      headers: bearer(attacker),
    });
    await expectError(unknown, 'NOT_FOUND');
  });

  it('clears the cookie when a browser revokes its own current session', async () => {
    const token = await signInAs(api, tree.users.businessB1Admin);
    const id = await sessionIdOf(token);

    const response = await api.request(`/api/auth/sessions/${id}`, {
      method: 'DELETE',
      headers: cookie(token),
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toBe(CLEARED_COOKIE);
    await expectError(
      await api.request('/api/auth/sessions', { headers: cookie(token) }),
      'SESSION_INVALID',
    );
  });

  it('needs a session', async () => {
    await expectError(await api.request('/api/auth/sessions'), 'AUTH_REQUIRED');
  });
});

/** The id of the session a token belongs to. */
async function sessionIdOf(token: string): Promise<string> {
  const response = await api.request('/api/auth/session', { headers: bearer(token) });
  return ((await response.json()) as SessionView).session.id;
}
