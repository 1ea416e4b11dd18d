import { createRoute, z } from '@hono/zod-openapi';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { requireAuth } from '@/server/api/guard';
import type { ApiApp } from '@/server/api/context';
import {
  bearer,
  cookie,
  expectError,
  jsonRequest,
  setupTwoAgencyApiTest,
} from '@/server/api/testing';

/** A guarded test route needing `users.manage`, to see the permission refusal of the guard. */
function mountManageRoute(target: ApiApp): void {
  const route = createRoute({
    method: 'post',
    path: '/test/manage',
    middleware: [requireAuth({ permission: 'users.manage' })] as const,
    responses: {
      200: {
        description: 'ok',
        content: {
          'application/json': {
            schema: z.object({ user_id: z.string(), workspace_id: z.string() }),
          },
        },
      },
    },
  });
  target.openapi(route, (c) =>
    c.json({ user_id: c.var.session.userId, workspace_id: c.var.context.workspace_id }, 200),
  );
}

const { setup, signIn } = setupTwoAgencyApiTest();
beforeAll(() => mountManageRoute(setup.api));

describe('requireAuth: who is calling', () => {
  it('answers AUTH_REQUIRED without a token', async () => {
    await expectError(await setup.api.request('/api/permissions/effective'), 'AUTH_REQUIRED');
  });

  it('answers AUTH_REQUIRED for an Authorization header that is not a Bearer token', async () => {
    const response = await setup.api.request('/api/permissions/effective', {
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    });
    await expectError(response, 'AUTH_REQUIRED');
  });

  it('answers SESSION_INVALID for an unknown token, as Bearer and as cookie', async () => {
    const unknown = 'A'.repeat(43);
    await expectError(
      await setup.api.request('/api/permissions/effective', { headers: bearer(unknown) }),
      'SESSION_INVALID',
    );
    await expectError(
      await setup.api.request('/api/permissions/effective', { headers: cookie(unknown) }),
      'SESSION_INVALID',
    );
    await expectError(
      await setup.api.request('/api/permissions/effective', { headers: bearer('not a token') }),
      'SESSION_INVALID',
    );
  });

  it('accepts the same token as Bearer and as cookie', async () => {
    const token = await signIn(setup.tree.users.businessA1Admin);
    for (const headers of [bearer(token), cookie(token)]) {
      const response = await setup.api.request('/api/permissions/effective', { headers });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        workspace_id: setup.tree.workspaces.businessA1.id,
        role_template: 'business_admin',
      });
    }
  });

  it('stops accepting a session once it expired', async () => {
    const token = await signIn(setup.tree.users.agencyAUser);
    await setup.database.admin.query(
      "update public.sessions set expires_at = now() - interval '1 second', created_at = now() - interval '1 hour' where user_id = $1",
      [setup.tree.users.agencyAUser.id],
    );
    await expectError(
      await setup.api.request('/api/permissions/effective', { headers: bearer(token) }),
      'SESSION_INVALID',
    );
  });

  it('rejects the session of a user suspended after signing in, and accepts it again once reactivated', async () => {
    const user = setup.tree.users.businessA1User;
    const token = await signIn(user);
    expect(
      (await setup.api.request('/api/permissions/effective', { headers: bearer(token) })).status,
    ).toBe(200);

    await setup.database.admin.query("update public.users set status = 'suspended' where id = $1", [
      user.id,
    ]);
    // A change made outside the API (another process): the session cache sees it when its
    // notification arrives, within milliseconds.
    await vi.waitFor(
      async () =>
        expectError(
          await setup.api.request('/api/permissions/effective', { headers: bearer(token) }),
          'SESSION_INVALID',
        ),
      // Generous for a loaded machine, and still well under the test API cache's 30 s TTL.
      { timeout: 10_000, interval: 5 },
    );
    await expectError(
      await setup.api.request('/api/auth/session', { headers: bearer(token) }),
      'SESSION_INVALID',
    );

    await setup.database.admin.query("update public.users set status = 'active' where id = $1", [
      user.id,
    ]);
    expect(
      (await setup.api.request('/api/permissions/effective', { headers: bearer(token) })).status,
    ).toBe(200);
  });
});

describe('requireAuth: workspace and permission', () => {
  it('answers WORKSPACE_REQUIRED when the session has no active workspace', async () => {
    const token = await signIn(setup.tree.users.twoWorkspaces);
    await expectError(
      await setup.api.request('/api/permissions/effective', { headers: bearer(token) }),
      'WORKSPACE_REQUIRED',
    );
  });

  it('answers PERMISSION_DENIED naming the missing capability', async () => {
    const token = await signIn(setup.tree.users.businessA1User);
    const response = await setup.api.request('/api/test/manage', {
      method: 'POST',
      headers: bearer(token),
    });
    await expectError(response, 'PERMISSION_DENIED', { required_permission: 'users.manage' });
  });

  it('lets a holder of the capability through with session and context set', async () => {
    const token = await signIn(setup.tree.users.businessA1Admin);
    const response = await setup.api.request('/api/test/manage', {
      method: 'POST',
      headers: bearer(token),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toStrictEqual({
      user_id: setup.tree.users.businessA1Admin.id,
      workspace_id: setup.tree.workspaces.businessA1.id,
    });
  });
});

describe('requireAuth: cross-site requests (CSRF)', () => {
  let token: string;
  beforeAll(async () => {
    token = await signIn(setup.tree.users.businessA1Admin);
  });

  it('refuses a cookie-authenticated write without Origin or Referer', async () => {
    const response = await setup.api.request('/api/test/manage', {
      method: 'POST',
      headers: cookie(token, null),
    });
    await expectError(response, 'PERMISSION_DENIED', { reason: 'origin' });
  });

  it('refuses a cookie-authenticated write from a foreign origin, before looking at the session', async () => {
    for (const origin of ['https://evil.example', 'http://localhost:3001', 'null']) {
      const response = await setup.api.request('/api/test/manage', {
        method: 'POST',
        headers: cookie(token, origin),
      });
      await expectError(response, 'PERMISSION_DENIED', { reason: 'origin' });
    }
    const unknownToken = await setup.api.request('/api/test/manage', {
      method: 'POST',
      headers: cookie('B'.repeat(43), 'https://evil.example'),
    });
    await expectError(unknownToken, 'PERMISSION_DENIED', { reason: 'origin' });
  });

  it('refuses a cross-site form post on a real route (workspace switch)', async () => {
    const response = await setup.api.request(
      '/api/workspaces/switch',
      jsonRequest(
        'POST',
        { workspace_id: setup.tree.workspaces.businessA1.id },
        cookie(token, 'https://evil.example'),
      ),
    );
    await expectError(response, 'PERMISSION_DENIED', { reason: 'origin' });
  });

  it('accepts a cookie-authenticated write from an allowed Origin, or a Referer on it', async () => {
    const withOrigin = await setup.api.request('/api/test/manage', {
      method: 'POST',
      headers: cookie(token),
    });
    expect(withOrigin.status).toBe(200);
    const withReferer = await setup.api.request('/api/test/manage', {
      method: 'POST',
      headers: { ...cookie(token, null), referer: 'http://localhost:3000/business/users' },
    });
    expect(withReferer.status).toBe(200);
  });

  it('accepts a write from the request’s own origin (a custom domain), nothing looser', async () => {
    await setup.database.admin.query(
      `insert into public.workspace_domains (workspace_id, host, verification_token, status, verified_at)
       select id, 'login.acme.example', repeat('t', 32), 'verified', now()
         from public.workspaces where type = 'business' limit 1`,
    );
    const post = (host: string, origin: string) =>
      setup.api.request('/api/test/manage', {
        method: 'POST',
        headers: { ...cookie(token, origin), host },
      });
    expect((await post('login.acme.example', 'http://login.acme.example')).status).toBe(200);
    expect((await post('login.acme.example:8080', 'http://login.acme.example:8080')).status).toBe(
      200,
    );
    // Another host, another port, or the other scheme (the deployment is http here).
    for (const [host, origin] of [
      ['login.acme.example', 'http://evil.example'],
      ['login.acme.example', 'http://login.acme.example:8080'],
      ['login.acme.example', 'https://login.acme.example'],
      // Second layer: a host this server does not serve (the web server's check bypassed).
      ['rebound.example', 'http://rebound.example'],
    ] as const) {
      await expectError(await post(host, origin), 'PERMISSION_DENIED', { reason: 'origin' });
    }
  });

  it('exempts Bearer requests and safe methods', async () => {
    const post = await setup.api.request('/api/test/manage', {
      method: 'POST',
      headers: { ...bearer(token), origin: 'https://evil.example' },
    });
    expect(post.status).toBe(200);
    const get = await setup.api.request('/api/permissions/effective', {
      headers: cookie(token, 'https://evil.example'),
    });
    expect(get.status).toBe(200);
  });
});
