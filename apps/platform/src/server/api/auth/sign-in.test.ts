import { describe, expect, it } from 'vitest';
import { seedTwoAgencyTree, TREE_PASSWORD } from '@aiconnected/identity/testing';
import type { SignInResult } from '@aiconnected/sdk-contracts';
import type { ApiApp } from '@/server/api/context';
import {
  bearer,
  createTestApi,
  expectError,
  jsonRequest,
  setupApiTestFixture,
} from '@/server/api/testing';

const setup = setupApiTestFixture(seedTwoAgencyTree);

function signIn(
  target: ApiApp,
  email: string,
  password: string,
  headers: Record<string, string> = {},
  peer?: string,
): Promise<Response> {
  // Node's bindings as @hono/node-server passes them: the socket peer is the client address,
  // and the Node request carries the same headers as the web request (lower-case names).
  const incomingHeaders = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const bindings = peer
    ? { incoming: { socket: { remoteAddress: peer }, headers: incomingHeaders } }
    : undefined;
  // Hono answers `Response | Promise<Response>`; one promise type for every caller.
  return Promise.resolve(
    target.request(
      '/api/auth/sign-in',
      jsonRequest('POST', { email, password }, headers),
      bindings,
    ),
  );
}

const INVALID_CREDENTIALS = 'Email or password is incorrect.';

describe('POST /api/auth/sign-in', () => {
  it('signs a single-workspace user in: token, cookie, options and that workspace as default', async () => {
    const user = setup.tree.users.businessA1Admin;
    const response = await signIn(setup.api, user.email, TREE_PASSWORD);

    expect(response.status).toBe(200);
    const body = (await response.json()) as SignInResult;
    const token = body.session.access_token;
    expect(body).toStrictEqual({
      session: { access_token: token, expires_at: expect.any(String), user_id: user.id },
      workspace_options: [
        {
          id: setup.tree.workspaces.businessA1.id,
          name: setup.tree.workspaces.businessA1.name,
          type: 'business',
          role_template: 'business_admin',
        },
      ],
      default_workspace_id: setup.tree.workspaces.businessA1.id,
    });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const lifetimeHours = (Date.parse(body.session.expires_at) - Date.now()) / 3_600_000;
    expect(lifetimeHours).toBeGreaterThan(167.9);
    expect(lifetimeHours).toBeLessThanOrEqual(168);

    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toBe(
      `shell_session=${token}; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax`,
    );
  });

  it('accepts the email in any case and with surrounding spaces trimmed by the provider', async () => {
    const user = setup.tree.users.agencyAAdmin;
    const response = await signIn(setup.api, user.email.toUpperCase(), TREE_PASSWORD);
    expect(response.status).toBe(200);
    expect(((await response.json()) as SignInResult).session.user_id).toBe(user.id);
  });

  it('starts without a workspace when the user has several, listing them all', async () => {
    const response = await signIn(setup.api, setup.tree.users.twoWorkspaces.email, TREE_PASSWORD);
    expect(response.status).toBe(200);
    const body = (await response.json()) as SignInResult;
    expect(body.default_workspace_id).toBeNull();
    expect(body.workspace_options.map((option) => option.id).sort()).toStrictEqual(
      [setup.tree.workspaces.businessA1.id, setup.tree.workspaces.businessB1.id].sort(),
    );
  });

  it('signs in a user without any workspace, with no options', async () => {
    const response = await signIn(setup.api, setup.tree.users.noWorkspace.email, TREE_PASSWORD);
    expect(response.status).toBe(200);
    const body = (await response.json()) as SignInResult;
    expect(body.workspace_options).toStrictEqual([]);
    expect(body.default_workspace_id).toBeNull();
  });

  it('answers unknown email, wrong password and a wrong password for a suspended account with the identical AUTH_REQUIRED', async () => {
    const attempts = [
      signIn(setup.api, `nobody-${setup.tree.users.superAdmin.id}@example.test`, TREE_PASSWORD),
      signIn(setup.api, setup.tree.users.agencyBAdmin.email, 'wrong-password-123'),
      signIn(setup.api, setup.tree.users.suspended.email, 'wrong-password-123'),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.headers.get('set-cookie')).toBeNull();
      await expectError(response, 'AUTH_REQUIRED', undefined, INVALID_CREDENTIALS);
    }
  });

  it('tells a suspended account with the correct password that it is suspended, without a session', async () => {
    const response = await signIn(setup.api, setup.tree.users.suspended.email, TREE_PASSWORD);
    expect(response.headers.get('set-cookie')).toBeNull();
    await expectError(
      response,
      'PERMISSION_DENIED',
      { reason: 'account_suspended' },
      'This account is suspended. Ask an administrator of your workspace to restore it.',
    );
  });

  it('answers a malformed body with VALIDATION_BLOCKING', async () => {
    const response = await setup.api.request(
      '/api/auth/sign-in',
      jsonRequest('POST', { email: 'not-an-email' }),
    );
    await expectError(response, 'VALIDATION_BLOCKING', {
      issues: [
        { path: 'body.email', message: expect.any(String) },
        { path: 'body.password', message: expect.any(String) },
      ],
    });
  });

  it('limits attempts per email (RATE_LIMITED), even with the right password', async () => {
    const user = setup.tree.users.agencyAUser;
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const response = await signIn(setup.api, user.email, 'wrong-password-123');
      expect(response.status).toBe(401);
    }
    const limited = await signIn(setup.api, user.email, TREE_PASSWORD);
    // The wait is also the standard Retry-After header (RFC 9110), for clients that honour it.
    const { error } = (await limited.clone().json()) as {
      error: { details: { retry_after_seconds: number } };
    };
    expect(limited.headers.get('retry-after')).toBe(String(error.details.retry_after_seconds));
    await expectError(limited, 'RATE_LIMITED', { retry_after_seconds: expect.any(Number) });
  });

  it('limits failures per client address across accounts, whatever X-Forwarded-For claims', async () => {
    const limited = createTestApi(setup.database.db, {
      limits: { maxFailuresPerAccount: 10, maxFailuresPerIp: 3, windowMinutes: 15 },
    }).api;
    const peer = '203.0.113.77';
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const response = await signIn(
        limited,
        `spray-${attempt}@example.test`,
        'wrong-password-123',
        // Without a trusted proxy the header is not believed: it cannot reset the count.
        { 'x-forwarded-for': `198.51.100.${attempt}` },
        peer,
      );
      expect(response.status).toBe(401);
    }
    const refused = await signIn(
      limited,
      setup.tree.users.superAdmin.email,
      TREE_PASSWORD,
      {},
      peer,
    );
    await expectError(refused, 'RATE_LIMITED', { retry_after_seconds: expect.any(Number) });
    // Another address is not affected.
    const other = await signIn(
      limited,
      setup.tree.users.superAdmin.email,
      TREE_PASSWORD,
      {},
      '203.0.113.78',
    );
    expect(other.status).toBe(200);
  });

  it('does not count successful sign-ins: an office behind one address is not locked out', async () => {
    const office = createTestApi(setup.database.db, {
      limits: { maxFailuresPerAccount: 10, maxFailuresPerIp: 3, windowMinutes: 15 },
    }).api;
    const peer = '203.0.113.90';
    const colleagues = [
      setup.tree.users.businessA1Admin,
      setup.tree.users.businessB1Admin,
      setup.tree.users.agencyAAdmin,
      setup.tree.users.agencyBAdmin,
      setup.tree.users.superAdmin,
    ];
    for (const round of [1, 2]) {
      for (const colleague of colleagues) {
        const response = await signIn(office, colleague.email, TREE_PASSWORD, {}, peer);
        expect(response.status, `round ${round}: ${colleague.email}`).toBe(200);
      }
    }
  });

  it('sets a Secure cookie on the configured domain when the site is served over https', async () => {
    const secure = createTestApi(setup.database.db, {
      config: {
        baseUrl: 'https://app.example.com',
        cookieDomain: 'app.example.com',
        sessionTtlHours: 2,
      },
    }).api;
    const response = await signIn(secure, setup.tree.users.businessB1Admin.email, TREE_PASSWORD, {
      host: 'app.example.com',
      origin: 'https://app.example.com',
    });
    expect(response.status).toBe(200);
    const { session } = (await response.json()) as SignInResult;
    expect(response.headers.get('set-cookie')).toBe(
      `shell_session=${session.access_token}; Max-Age=7200; Domain=app.example.com; Path=/; HttpOnly; Secure; SameSite=Lax`,
    );
  });

  it('binds the cookie to the host that set it anywhere but the own host (PRD §36.3)', async () => {
    const secure = createTestApi(setup.database.db, {
      config: {
        baseUrl: 'https://app.example.com',
        cookieDomain: '.example.com',
        sessionTtlHours: 2,
      },
    }).api;
    const cookieFor = async (host: string) => {
      const response = await signIn(secure, setup.tree.users.businessB1Admin.email, TREE_PASSWORD, {
        host,
      });
      expect(response.status).toBe(200);
      const { session } = (await response.json()) as SignInResult;
      return response.headers.get('set-cookie')?.replace(session.access_token, 'T');
    };
    const hostOnly = 'shell_session=T; Max-Age=7200; Path=/; HttpOnly; Secure; SameSite=Lax';
    const shared =
      'shell_session=T; Max-Age=7200; Domain=example.com; Path=/; HttpOnly; Secure; SameSite=Lax';
    expect({
      base: await cookieFor('app.example.com'),
      cookieDomain: await cookieFor('example.com'),
      // A workspace's platform host under the cookie domain: host-only, never shared with others.
      platform: await cookieFor('tenant.example.com'),
      custom: await cookieFor('login.acme-agency.example'),
      lookalike: await cookieFor('evilexample.com'),
    }).toStrictEqual({
      base: shared,
      cookieDomain: shared,
      platform: hostOnly,
      custom: hostOnly,
      lookalike: hostOnly,
    });
  });

  it('records the sign-in in the audit log of the workspace', async () => {
    const user = setup.tree.users.agencyBAdmin;
    const response = await signIn(setup.api, user.email, TREE_PASSWORD);
    const { session } = (await response.json()) as SignInResult;
    const sessionId = await sessionIdOf(session.access_token);
    const { rows } = await setup.database.admin.query(
      "select workspace_id, actor_user_id, correlation_id from public.audit_logs where action = 'auth.sign_in' and target_id = $1",
      [sessionId],
    );
    expect(rows).toStrictEqual([
      {
        workspace_id: setup.tree.workspaces.agencyB.id,
        actor_user_id: user.id,
        correlation_id: response.headers.get('x-correlation-id'),
      },
    ]);
  });
});

/** The id of the session a token belongs to, read through the API. */
async function sessionIdOf(token: string): Promise<string> {
  const response = await setup.api.request('/api/auth/session', { headers: bearer(token) });
  const body = (await response.json()) as { session: { id: string } };
  return body.session.id;
}
