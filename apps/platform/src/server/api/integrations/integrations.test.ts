import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startComposioStandIn,
  type RunningComposioStandIn,
} from '@aiconnected/integrations/testing';
import type {
  ConnectResponse,
  ConnectionList,
  DisconnectResponse,
  ProviderList,
} from '@aiconnected/sdk-contracts';
import {
  expectError,
  setupRoleTreeApiTest,
  snapshotTables,
  type MemberLabel,
} from '@/server/api/testing';
import { createIntegrationConnectLimiter } from '@/server/api/guard/rate-limits';
import { testIntegrationsDeps } from '@/server/api/testing/test-integrations-deps';

// The integrations API over HTTP on real Postgres (design 13 §5): provider configs, connect
// through the Composio stand-in's hosted page, the callback (the signed-in user's own state,
// once), disconnect and list; whole envelopes on refusals, nothing changed by them, and no
// token, state or API key in any answer or log line.

const kit = setupRoleTreeApiTest();
const { setup, ws, call, member } = kit;
let standIn: RunningComposioStandIn;
/** Every answer body of the file, for the no-secret check at the end. */
const bodies: string[] = [];
const secrets: string[] = [];

beforeAll(async () => {
  standIn = await startComposioStandIn();
  // Handlers read c.var.deps per request: the file's API talks to its stand-in.
  setup.deps.integrations = testIntegrationsDeps(standIn, setup.deps.logger);
  await setup.database.admin.query(
    `insert into public.integration_provider_configs
       (provider_key, backend, auth_config_ref, display_name, available_scopes)
     values ('github', 'composio', 'ac_standin_github', 'GitHub', '["repo","read:user","user:email"]')`,
  );
});
afterAll(async () => {
  await setup.deps.integrations.providers.close();
  await standIn?.close();
});

async function send(who: MemberLabel, method: string, path: string, body?: unknown) {
  const response = await call(who, method, path, body);
  bodies.push(await response.clone().text());
  return response;
}

async function connect(
  who: MemberLabel,
  workspace: 'A' | 'A1',
  ref: string,
): Promise<ConnectResponse> {
  const response = await send(who, 'POST', '/integrations/providers/composio/connect', {
    workspace_id: ws(workspace).id,
    provider_key: 'github',
    provider_account_ref: ref,
    scopes: ['repo'],
    return_path: '/settings/integrations?tab=github',
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as ConnectResponse;
}

/** The browser at the hosted page: Allow; the callback path (under /api) it is sent to. */
async function allow(redirectUrl: string): Promise<string> {
  const answer = await fetch(redirectUrl, {
    method: 'POST',
    body: new URLSearchParams({ decision: 'allow' }),
    redirect: 'manual',
  });
  const location = new URL(answer.headers.get('location') ?? '');
  secrets.push(location.searchParams.get('state') ?? '');
  expect(location.origin).toBe('http://localhost:3000');
  return `${location.pathname}${location.search}`.replace(/^\/api/, '');
}

/** The callback as `who`'s browser (a page navigation: Accept text/html). */
async function callback(who: MemberLabel, path: string, accept = 'text/html') {
  return setup.api.request(`/api${path}`, {
    headers: { authorization: `Bearer ${setup.tokens[who]}`, accept },
    redirect: 'manual',
  });
}

describe('connect, callback, list, disconnect', () => {
  it('connects through the hosted page and returns to the return path with connect=active', async () => {
    const started = await connect('A.agency_admin', 'A', 'main');
    expect(started).toMatchObject({
      connection_state: 'initiated',
      connection: { workspace_id: ws('A').id, provider_key: 'github', status: 'initiated' },
    });
    expect(started.oauth_url_or_status.startsWith(`${standIn.url}/link/`)).toBe(true);
    const path = await allow(started.oauth_url_or_status);
    expect(path.startsWith('/integrations/providers/composio/callback?state=')).toBe(true);

    const back = await callback('A.agency_admin', path);
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(
      `/settings/integrations?tab=github&connect=active&connection_id=${started.connection.id}`,
    );
    const account = standIn.accounts.get(
      [...standIn.accounts.values()].find((candidate) => candidate.alias === 'main')?.id ?? '',
    );
    secrets.push(account?.accessToken ?? '');

    // Used once: a browser is sent back with connect=invalid, an API client gets the envelope.
    const replayed = await callback('A.agency_admin', path);
    expect(replayed.headers.get('location')).toBe(
      '/settings/integrations?connect=invalid&code=INTEGRATION_OAUTH_STATE_INVALID&reason=replayed',
    );
    await expectError(
      await callback('A.agency_admin', path, 'application/json'),
      'INTEGRATION_OAUTH_STATE_INVALID',
      { reason: 'replayed' },
    );

    const listed = await send(
      'A.agency_admin',
      'GET',
      `/integrations/providers/composio/connections?workspace_id=${ws('A').id}&status=active`,
    );
    expect(listed.status).toBe(200);
    const list = (await listed.json()) as ConnectionList;
    expect(list.items.map((item) => [item.id, item.status, item.provider_account_ref])).toEqual([
      [started.connection.id, 'active', 'main'],
    ]);
  });

  it("another user's callback is refused (user_mismatch) and the state kept for its owner", async () => {
    const started = await connect('A.agency_admin', 'A', 'mine');
    const path = await allow(started.oauth_url_or_status);
    await expectError(
      await callback('S.super_admin', path, 'application/json'),
      'INTEGRATION_OAUTH_STATE_INVALID',
      { reason: 'user_mismatch' },
    );
    const back = await callback('A.agency_admin', path);
    expect(back.headers.get('location')).toContain('connect=active');
  });

  it('a return_path that resolves to another host (/.//evil) comes back to the integrations page', async () => {
    for (const [index, returnPath] of ['/.//evil.example', '/a/..//evil.example/x'].entries()) {
      const response = await send(
        'A.agency_admin',
        'POST',
        '/integrations/providers/composio/connect',
        {
          workspace_id: ws('A').id,
          provider_key: 'github',
          provider_account_ref: `dots-${index}`,
          scopes: ['repo'],
          return_path: returnPath,
        },
      );
      expect(response.status, await response.clone().text()).toBe(201);
      const started = (await response.json()) as ConnectResponse;
      const back = await callback('A.agency_admin', await allow(started.oauth_url_or_status));
      expect(back.status).toBe(303);
      expect(back.headers.get('location')).toBe(
        `/settings/integrations?connect=active&connection_id=${started.connection.id}`,
      );
    }
  });

  it('the callback re-checks integrations.manage: demoted meanwhile -> refused, the row failed', async () => {
    const admin = member('A.agency_admin');
    const browserPath = await allow(
      (await connect('A.agency_admin', 'A', 'demoted')).oauth_url_or_status,
    );
    const apiStarted = await connect('A.agency_admin', 'A', 'demoted-api');
    const apiPath = await allow(apiStarted.oauth_url_or_status);
    const setRole = (role: string) =>
      setup.database.admin.query(
        'update public.workspace_memberships set role_template = $2 where id = $1',
        [admin.membershipId, role],
      );
    await setRole('agency_user');
    try {
      const back = await callback('A.agency_admin', browserPath);
      expect(back.status).toBe(303);
      expect(back.headers.get('location')).toBe(
        '/settings/integrations?connect=invalid&code=PERMISSION_DENIED&reason=permission_revoked',
      );
      await expectError(
        await callback('A.agency_admin', apiPath, 'application/json'),
        'PERMISSION_DENIED',
        { required_permission: 'integrations.manage', reason: 'permission_revoked' },
      );
    } finally {
      await setRole(admin.role);
    }
    const { rows } = await setup.database.admin.query<{ status: string; last_error: string }>(
      `select status, last_error from public.integration_connections
        where provider_account_ref in ('demoted', 'demoted-api')`,
    );
    expect(rows).toEqual([
      { status: 'failed', last_error: 'permission_revoked' },
      { status: 'failed', last_error: 'permission_revoked' },
    ]);
    // The state is used up: the role back, the same callback does not activate the row.
    await expectError(
      await callback('A.agency_admin', apiPath, 'application/json'),
      'INTEGRATION_OAUTH_STATE_INVALID',
      { reason: 'replayed' },
    );
  });

  it('without a session: a browser is sent to sign in, an API client gets AUTH_REQUIRED', async () => {
    const path = '/integrations/providers/composio/callback?state=abc';
    const browser = await setup.api.request(`/api${path}`, { headers: { accept: 'text/html' } });
    expect(browser.status).toBe(303);
    expect(browser.headers.get('location')).toBe(
      `/sign-in?next=${encodeURIComponent('/settings/integrations?connect=pending')}`,
    );
    await expectError(await setup.api.request(`/api${path}`), 'AUTH_REQUIRED');
    // Signed in, no state: invalid.
    await expectError(
      await callback(
        'A.agency_admin',
        '/integrations/providers/composio/callback',
        'application/json',
      ),
      'INTEGRATION_OAUTH_STATE_INVALID',
      { reason: 'unknown' },
    );
  });

  it('the agency admin connects for its business; disconnect revokes it', async () => {
    const started = await connect('A.agency_admin', 'A1', 'for-business');
    const back = await callback('A.agency_admin', await allow(started.oauth_url_or_status));
    expect(back.headers.get('location')).toContain('connect=active');
    const response = await send(
      'A1.business_admin',
      'POST',
      '/integrations/providers/composio/disconnect',
      {
        workspace_id: ws('A1').id,
        connection_id: started.connection.id,
      },
    );
    expect(response.status).toBe(200);
    const answer = (await response.json()) as DisconnectResponse;
    expect(answer).toMatchObject({
      connection_state: 'revoked',
      connection: { id: started.connection.id, status: 'revoked', last_error: null },
    });
  });

  it('refuses the role below and the other tenant with whole envelopes, changing nothing', async () => {
    const before = await snapshotTables(setup.database);
    const body = {
      workspace_id: ws('A1').id,
      provider_key: 'github',
      provider_account_ref: 'refused',
      scopes: ['repo'],
    };
    await expectError(
      await send('A1.business_manager', 'POST', '/integrations/providers/composio/connect', body),
      'PERMISSION_DENIED',
      { required_permission: 'integrations.manage' },
    );
    const other = await send(
      'B.agency_admin',
      'POST',
      '/integrations/providers/composio/connect',
      body,
    );
    expect(other.status).toBe(403);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe(
      'WORKSPACE_FORBIDDEN',
    );
    const scopes = await send(
      'A.agency_admin',
      'POST',
      '/integrations/providers/composio/connect',
      {
        ...body,
        scopes: ['admin:org'],
      },
    );
    await expectError(scopes, 'INTEGRATION_SCOPE_FORBIDDEN', {
      forbidden_scopes: ['admin:org'],
      allowed_scopes: ['repo', 'read:user', 'user:email'],
    });
    expect(await snapshotTables(setup.database)).toEqual(before);
  });
});

describe('providers', () => {
  it('lists providers to the workspace admin without the auth config, to the platform with it', async () => {
    const listed = await send(
      'A1.business_admin',
      'GET',
      `/integrations/providers?workspace_id=${ws('A1').id}`,
    );
    expect(listed.status).toBe(200);
    expect((await listed.json()) as ProviderList).toEqual({
      items: [
        {
          provider_key: 'github',
          backend: 'composio',
          display_name: 'GitHub',
          available_scopes: ['repo', 'read:user', 'user:email'],
          allowed_scopes: ['repo', 'read:user', 'user:email'],
          enabled: true,
        },
      ],
    });
    const platform = await send(
      'S.super_admin',
      'GET',
      `/integrations/providers?workspace_id=${ws('S').id}`,
    );
    expect(((await platform.json()) as ProviderList).items[0]).toHaveProperty(
      'auth_config_ref',
      'ac_standin_github',
    );
  });

  it('PUT is the platform’s; the auth config must belong to the provider', async () => {
    const body = {
      backend: 'composio',
      auth_config_ref: 'ac_standin_gmail',
      display_name: 'Gmail',
      available_scopes: ['gmail.readonly'],
      enabled: true,
    };
    const saved = await send('S.super_admin', 'PUT', '/integrations/providers/gmail', body);
    expect(saved.status, await saved.clone().text()).toBe(200);
    await expectError(
      await send('A.agency_admin', 'PUT', '/integrations/providers/gmail', body),
      'PERMISSION_DENIED',
      { required_permission: 'integrations.manage' },
    );
    const wrong = await send('S.super_admin', 'PUT', '/integrations/providers/slack', body);
    expect(wrong.status).toBe(422);
    expect(((await wrong.json()) as { error: { details: unknown } }).error.details).toEqual({
      field: 'auth_config_ref',
      toolkit: 'gmail',
    });
  });
});

describe('rate limit and secrets', () => {
  it('connect is limited per person', async () => {
    const limiter = setup.deps.integrationConnectLimiter;
    setup.deps.integrationConnectLimiter = createIntegrationConnectLimiter(
      setup.database.db.pool,
      1,
    );
    try {
      await connect('A1.business_admin', 'A1', 'limited');
      const refused = await send(
        'A1.business_admin',
        'POST',
        '/integrations/providers/composio/connect',
        {
          workspace_id: ws('A1').id,
          provider_key: 'github',
          provider_account_ref: 'limited-2',
          scopes: ['repo'],
        },
      );
      expect(refused.status).toBe(429);
    } finally {
      setup.deps.integrationConnectLimiter = limiter;
    }
    expect(member('A1.business_admin').id).toBeTruthy();
  });

  it('no token, state or API key in any answer or log line', () => {
    const haystack = bodies.join('\n') + JSON.stringify(setup.logs);
    expect(secrets.filter((secret) => secret.length > 10).length).toBeGreaterThan(2);
    for (const secret of [...secrets, standIn.apiKey]) {
      if (secret.length > 10) expect(haystack).not.toContain(secret);
    }
    // Any stand-in token (the auth config ac_standin_github may appear).
    expect(haystack).not.toMatch(/standin_[A-Za-z0-9_-]{24}/);
  });
});
