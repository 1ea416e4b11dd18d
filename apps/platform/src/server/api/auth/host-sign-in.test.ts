import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedTwoAgencyTree, TREE_PASSWORD } from '@aiconnected/identity/testing';
import type { SignInResult } from '@aiconnected/sdk-contracts';
import { bearer, expectError, jsonRequest, setupApiTestFixture } from '@/server/api/testing';

// Probe finding 10: a workspace's address (platform host `<slug>.localhost` in tests, or a
// verified custom domain) signs in only the people of that workspace and those above it.
const setup = setupApiTestFixture(seedTwoAgencyTree);

type Ws = keyof typeof setup.tree.workspaces;
const hosts = {} as Record<'agencyA' | 'businessA1' | 'businessB1' | 'customB1', string>;

beforeAll(async () => {
  for (const key of ['agencyA', 'businessA1', 'businessB1'] as const) {
    const slug = `host-${key.toLowerCase()}-${randomBytes(3).toString('hex')}`;
    await setup.database.admin.query('update public.workspaces set slug = $2 where id = $1', [
      setup.tree.workspaces[key].id,
      slug,
    ]);
    hosts[key] = `${slug}.localhost`;
  }
  hosts.customB1 = `login-${randomBytes(4).toString('hex')}.b1-dental.example`;
  await setup.database.admin.query(
    `insert into public.workspace_domains (workspace_id, host, status, verification_token, verified_at)
     values ($1, $2, 'verified', $3, now())`,
    [setup.tree.workspaces.businessB1.id, hosts.customB1, randomBytes(16).toString('hex')],
  );
});

type User = keyof typeof setup.tree.users;

function signInAt(host: string, user: User, password = TREE_PASSWORD): Promise<Response> {
  const { email } = setup.tree.users[user];
  return Promise.resolve(
    setup.api.request('/api/auth/sign-in', jsonRequest('POST', { email, password }, { host })),
  );
}

async function signedIn(host: string, user: User): Promise<SignInResult> {
  const response = await signInAt(host, user);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as SignInResult;
}

async function sessionCount(user: User): Promise<number> {
  const { rows } = await setup.database.admin.query<{ n: number }>(
    'select count(*)::int as n from public.sessions where user_id = $1',
    [setup.tree.users[user].id],
  );
  return rows[0]?.n ?? -1;
}

/** The workspace the API resolves for a token: the session's active one. */
async function activeWorkspaceOf(token: string, host?: string): Promise<string | null> {
  const response = await setup.api.request('/api/auth/session', {
    headers: { ...bearer(token), ...(host ? { host } : {}) },
  });
  const body = (await response.json()) as { context: { workspace_id: string } | null };
  return body.context?.workspace_id ?? null;
}

const id = (key: Ws) => setup.tree.workspaces[key].id;

const WRONG_HOST = {
  code: 'WORKSPACE_FORBIDDEN',
  details: { reason: 'host_workspace' },
  message:
    'This address belongs to another organisation. Sign in at your own organisation’s address.',
} as const;

describe('POST /api/auth/sign-in on a workspace’s address', () => {
  it('refuses another tenant’s person with the correct password: no session, no cookie, no audit', async () => {
    const cases: [string, User][] = [
      [hosts.businessA1, 'businessB1Admin'],
      [hosts.agencyA, 'businessB1Admin'],
      [hosts.agencyA, 'agencyBAdmin'],
      [hosts.customB1, 'businessA1Admin'],
      [hosts.customB1, 'agencyAAdmin'],
      // Governs nothing at A1: an agency user is no admin/manager of the agency's businesses.
      [hosts.businessA1, 'agencyAUser'],
      [hosts.businessA1, 'noWorkspace'],
    ];
    for (const [host, user] of cases) {
      const before = await sessionCount(user);
      const response = await signInAt(host, user);
      expect(response.headers.get('set-cookie'), `${user} at ${host}`).toBeNull();
      await expectError(response, WRONG_HOST.code, WRONG_HOST.details, WRONG_HOST.message);
      expect(await sessionCount(user), `${user} at ${host}`).toBe(before);
      const { rows } = await setup.database.admin.query(
        'select 1 from public.audit_logs where correlation_id = $1',
        [response.headers.get('x-correlation-id')],
      );
      expect(rows).toStrictEqual([]);
      const refusal = setup.logs.find(
        (line) => line.correlation_id === response.headers.get('x-correlation-id'),
      );
      expect(refusal).toMatchObject({
        msg: 'sign-in refused',
        reason: 'host_workspace',
        user_id: setup.tree.users[user].id,
      });
    }
  });

  it('answers a wrong password and an unknown email there exactly as everywhere else', async () => {
    const wrong = await signInAt(hosts.businessA1, 'businessB1Admin', 'wrong-password-123');
    expect(wrong.headers.get('set-cookie')).toBeNull();
    await expectError(wrong, 'AUTH_REQUIRED', undefined, 'Email or password is incorrect.');
    const unknown = await setup.api.request(
      '/api/auth/sign-in',
      jsonRequest(
        'POST',
        { email: `nobody-${randomBytes(3).toString('hex')}@example.test`, password: TREE_PASSWORD },
        { host: hosts.businessA1 },
      ),
    );
    await expectError(unknown, 'AUTH_REQUIRED', undefined, 'Email or password is incorrect.');
  });

  it('lets the workspace’s own people in, starting in the host’s workspace', async () => {
    const member = await signedIn(hosts.businessA1, 'businessA1Admin');
    expect(member.default_workspace_id).toBe(id('businessA1'));
    // Two workspaces: elsewhere no default (pick one); here the host's.
    const two = await signedIn(hosts.customB1, 'twoWorkspaces');
    expect(two.default_workspace_id).toBe(id('businessB1'));
    expect(await activeWorkspaceOf(two.session.access_token, hosts.customB1)).toBe(
      id('businessB1'),
    );
    const agency = await signedIn(hosts.agencyA, 'agencyAAdmin');
    expect(agency.default_workspace_id).toBe(id('agencyA'));
  });

  it('lets a business’s people in at its agency’s address, in their business', async () => {
    const business = await signedIn(hosts.agencyA, 'businessA1User');
    expect(business.default_workspace_id).toBe(id('businessA1'));
    expect(await activeWorkspaceOf(business.session.access_token)).toBe(id('businessA1'));
  });

  it('lets the agency admin in at its business’s address, and the super operator anywhere', async () => {
    const agency = await signedIn(hosts.businessA1, 'agencyAAdmin');
    expect(agency.default_workspace_id).toBe(id('businessA1'));
    expect(await activeWorkspaceOf(agency.session.access_token)).toBe(id('businessA1'));
    for (const host of [hosts.businessA1, hosts.customB1, hosts.agencyA]) {
      const operator = await signedIn(host, 'superAdmin');
      const expected = {
        [hosts.businessA1]: id('businessA1'),
        [hosts.customB1]: id('businessB1'),
        [hosts.agencyA]: id('agencyA'),
      }[host];
      expect(operator.default_workspace_id, host).toBe(expected);
      expect(await activeWorkspaceOf(operator.session.access_token), host).toBe(expected);
    }
  });

  it('leaves the platform’s own host as it was', async () => {
    const own = await signedIn('localhost:3000', 'businessB1Admin');
    expect(own.default_workspace_id).toBe(id('businessB1'));
    const two = await signedIn('localhost:3000', 'twoWorkspaces');
    expect(two.default_workspace_id).toBeNull();
  });
});

describe('POST /api/workspaces/switch on a workspace’s address', () => {
  const switchAt = (host: string, token: string, workspace: Ws) =>
    setup.api.request(
      '/api/workspaces/switch',
      jsonRequest('POST', { workspace_id: id(workspace) }, { ...bearer(token), host }),
    );

  it('refuses a workspace outside the address’s line, changing nothing', async () => {
    const { session } = await signedIn(hosts.businessA1, 'twoWorkspaces');
    const token = session.access_token;
    const refused = await switchAt(hosts.businessA1, token, 'businessB1');
    await expectError(
      refused,
      'WORKSPACE_FORBIDDEN',
      WRONG_HOST.details,
      'That workspace is not available at this address. Sign in at its organisation’s address.',
    );
    expect(await activeWorkspaceOf(token)).toBe(id('businessA1'));
    const { rows } = await setup.database.admin.query(
      "select 1 from public.audit_logs where action = 'workspace.switch' and correlation_id = $1",
      [refused.headers.get('x-correlation-id')],
    );
    expect(rows).toStrictEqual([]);
    // The same session on the platform's own host may go there.
    const own = await switchAt('localhost:3000', token, 'businessB1');
    expect(own.status).toBe(200);
    expect(await activeWorkspaceOf(token)).toBe(id('businessB1'));
  });

  it('allows the workspaces above and below the address that the user governs', async () => {
    const agency = await signedIn(hosts.businessA1, 'agencyAAdmin');
    const up = await switchAt(hosts.businessA1, agency.session.access_token, 'agencyA');
    expect(up.status, await up.clone().text()).toBe(200);
    expect(await activeWorkspaceOf(agency.session.access_token)).toBe(id('agencyA'));
    const down = await switchAt(hosts.agencyA, agency.session.access_token, 'businessA1');
    expect(down.status).toBe(200);
    // The super operator governs B1, yet B1 is not in agency A's line: refused at A's address.
    const operator = await signedIn(hosts.agencyA, 'superAdmin');
    const sideways = await switchAt(hosts.agencyA, operator.session.access_token, 'businessB1');
    await expectError(
      sideways,
      'WORKSPACE_FORBIDDEN',
      WRONG_HOST.details,
      'That workspace is not available at this address. Sign in at its organisation’s address.',
    );
  });
});
