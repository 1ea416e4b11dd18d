import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { ERROR_STATUS, type ErrorCode } from '@aiconnected/sdk-contracts';
import type { ApiApp } from '@/server/api/context';
import {
  as,
  seedRoleTree,
  signIn,
  snapshotTables,
  type MemberLabel,
  type RoleTree,
  type TreeKey,
} from '@/server/api/testing/cross-tenant-tree';
import { correlationIdOf, createTestApi } from '@/server/api/testing/test-api';

// The cross-tenant matrix: every endpoint that takes a workspace, membership or
// user id, called by every role of one tenant tree (plainly and while impersonating) with the
// ids of the other tree, is refused with WORKSPACE_FORBIDDEN or PERMISSION_DENIED (the
// impersonation and switch endpoints with their own refusals), names nothing of the other
// tree, and changes nothing in the database. Adding an endpoint is one entry in ENDPOINTS.

/** The ids of one tenant tree an endpoint is aimed at. */
interface Target {
  agency: string;
  business: string;
  agencyMembership: string;
  businessMembership: string;
  agencyUser: string;
  businessUser: string;
}

interface MatrixEndpoint {
  name: string;
  /** The refusals this endpoint may give an out-of-tree caller. */
  codes?: readonly ErrorCode[];
  request(target: Target): { method: string; path: string; body?: unknown };
}

const TENANT_REFUSALS: readonly ErrorCode[] = ['WORKSPACE_FORBIDDEN', 'PERMISSION_DENIED'];
const IMPERSONATION_REFUSALS: readonly ErrorCode[] = [
  ...TENANT_REFUSALS,
  'IMPERSONATION_FORBIDDEN',
  'IMPERSONATION_SCOPE_FORBIDDEN',
];

const ENDPOINTS: readonly MatrixEndpoint[] = [
  {
    name: 'GET /workspaces/{agency}',
    request: (t) => ({ method: 'GET', path: `/workspaces/${t.agency}` }),
  },
  {
    name: 'GET /workspaces/{business}',
    request: (t) => ({ method: 'GET', path: `/workspaces/${t.business}` }),
  },
  {
    name: 'GET /workspaces?parent_workspace_id',
    request: (t) => ({ method: 'GET', path: `/workspaces?parent_workspace_id=${t.agency}` }),
  },
  {
    name: 'POST /workspaces (parent)',
    request: (t) => ({
      method: 'POST',
      path: '/workspaces',
      body: { type: 'business', name: 'Intruder', parent_workspace_id: t.agency },
    }),
  },
  {
    name: 'POST /workspaces/{id}/children',
    request: (t) => ({
      method: 'POST',
      path: `/workspaces/${t.agency}/children`,
      body: { name: 'Intruder', child_type: 'business' },
    }),
  },
  {
    name: 'PATCH /workspaces/{id} name',
    request: (t) => ({
      method: 'PATCH',
      path: `/workspaces/${t.business}`,
      body: { name: 'Intruder' },
    }),
  },
  {
    name: 'PATCH /workspaces/{id} status',
    request: (t) => ({
      method: 'PATCH',
      path: `/workspaces/${t.business}`,
      body: { status: 'suspended' },
    }),
  },
  {
    name: 'GET /memberships?workspace_id',
    request: (t) => ({ method: 'GET', path: `/memberships?workspace_id=${t.business}` }),
  },
  {
    name: 'GET /invitations?workspace_id',
    request: (t) => ({ method: 'GET', path: `/invitations?workspace_id=${t.business}` }),
  },
  {
    name: 'POST /memberships',
    request: (t) => ({
      method: 'POST',
      path: '/memberships',
      body: {
        workspace_id: t.business,
        email: 'intruder@example.test',
        role_template: 'business_user',
      },
    }),
  },
  {
    name: 'PATCH /memberships/{id} active',
    request: (t) => ({
      method: 'PATCH',
      path: `/memberships/${t.businessMembership}`,
      body: { active: false },
    }),
  },
  {
    name: 'PATCH /memberships/{id} role',
    request: (t) => ({
      method: 'PATCH',
      path: `/memberships/${t.agencyMembership}`,
      body: { role_template: 'agency_admin' },
    }),
  },
  {
    name: 'PATCH /memberships/{id} overrides',
    request: (t) => ({
      method: 'PATCH',
      path: `/memberships/${t.businessMembership}`,
      body: { permission_overrides: [{ permission: 'users.manage', allow: true }] },
    }),
  },
  {
    name: 'GET /users?workspace_id',
    request: (t) => ({ method: 'GET', path: `/users?workspace_id=${t.agency}` }),
  },
  {
    name: 'PATCH /users/{id} profile',
    request: (t) => ({
      method: 'PATCH',
      path: `/users/${t.businessUser}`,
      body: { profile: { display_name: 'Intruder' } },
    }),
  },
  {
    name: 'PATCH /users/{id} status',
    request: (t) => ({
      method: 'PATCH',
      path: `/users/${t.agencyUser}`,
      body: { status: 'suspended' },
    }),
  },
  {
    name: 'PATCH /users/{id}/email',
    request: (t) => ({
      method: 'PATCH',
      path: `/users/${t.businessUser}/email`,
      body: { new_email: 'intruder@example.test' },
    }),
  },
  {
    name: 'POST /users/{id}/password-reset-link',
    request: (t) => ({ method: 'POST', path: `/users/${t.businessUser}/password-reset-link` }),
  },
  {
    name: 'GET /audit-logs?workspace_id',
    request: (t) => ({ method: 'GET', path: `/audit-logs?workspace_id=${t.business}` }),
  },
  {
    name: 'POST /workspaces/switch',
    codes: IMPERSONATION_REFUSALS,
    request: (t) => ({
      method: 'POST',
      path: '/workspaces/switch',
      body: { workspace_id: t.business },
    }),
  },
  {
    name: 'POST /auth/impersonation/start',
    codes: IMPERSONATION_REFUSALS,
    request: (t) => ({
      method: 'POST',
      path: '/auth/impersonation/start',
      body: { target_workspace_id: t.business, reason: 'Cross-tenant probe' },
    }),
  },
];

/** A caller: a member of one tree, optionally impersonating a workspace of its own tree first. */
interface Caller {
  name: string;
  member: MemberLabel;
  impersonate?: TreeKey;
  /** The tree whose ids it is aimed at. */
  against: 'A' | 'B';
}

const TREE_ROLES = [
  'agency_admin',
  'agency_manager',
  'agency_user',
  'business_admin',
  'business_manager',
  'business_user',
] as const;
const plainCallers = (own: 'A' | 'B', against: 'A' | 'B'): Caller[] =>
  TREE_ROLES.map((role) => {
    const member = (
      role.startsWith('agency') ? `${own}.${role}` : `${own}1.${role}`
    ) as MemberLabel;
    return { name: member, member, against };
  });

const CALLERS: readonly Caller[] = [
  ...plainCallers('A', 'B'),
  ...plainCallers('B', 'A'),
  {
    name: 'A.agency_admin impersonating A1',
    member: 'A.agency_admin',
    impersonate: 'A1',
    against: 'B',
  },
  {
    name: 'B.agency_manager impersonating B1',
    member: 'B.agency_manager',
    impersonate: 'B1',
    against: 'A',
  },
  {
    name: 'S.super_admin impersonating A',
    member: 'S.super_admin',
    impersonate: 'A',
    against: 'B',
  },
  {
    name: 'S.super_admin impersonating B1',
    member: 'S.super_admin',
    impersonate: 'B1',
    against: 'A',
  },
];

let database: TestDatabase;
let tree: RoleTree;
let api: ApiApp;
const tokens = new Map<string, string>();
const targets = {} as Record<'A' | 'B', Target>;
/** Names and emails of each tree: a refusal must quote none of them. */
const secrets = {} as Record<'A' | 'B', string[]>;
let baseline: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  tree = await seedRoleTree(database);
  api = createTestApi(database.db).api;
  for (const own of ['A', 'B'] as const) {
    const business = `${own}1` as const;
    targets[own] = {
      agency: tree.workspaces[own].id,
      business: tree.workspaces[business].id,
      agencyMembership: tree.members[`${own}.agency_user`].membershipId,
      businessMembership: tree.members[`${business}.business_user`].membershipId,
      agencyUser: tree.members[`${own}.agency_user`].id,
      businessUser: tree.members[`${business}.business_user`].id,
    };
    secrets[own] = [
      ...Object.values(tree.workspaces)
        .filter((w) => w.name.includes(own === 'A' ? 'Northwind' : 'Contoso'))
        .map((w) => w.name),
      ...Object.values(tree.members)
        .filter((m) => m.home.startsWith(own))
        .flatMap((m) => [m.email, m.displayName]),
    ];
  }
  for (const caller of CALLERS) {
    // A session of its own per caller, so an impersonating session does not affect the plain one.
    const token = await signIn(api, tree.members[caller.member]);
    if (caller.impersonate) {
      const started = await api.request(
        '/api/auth/impersonation/start',
        as(token, 'POST', {
          target_workspace_id: tree.workspaces[caller.impersonate].id,
          reason: 'Cross-tenant matrix',
        }),
      );
      expect(started.status, await started.clone().text()).toBe(200);
    }
    tokens.set(caller.name, token);
  }
  baseline = await snapshotTables(database);
});
afterAll(async () => {
  await database.drop();
});

describe.each(CALLERS)('$name with the ids of tree $against', (caller) => {
  it.each(ENDPOINTS)('$name is refused and changes nothing', async (endpoint) => {
    const token = tokens.get(caller.name);
    if (!token) throw new Error(`no session for ${caller.name}`);
    const { method, path, body } = endpoint.request(targets[caller.against]);

    const response = await api.request(`/api${path}`, as(token, method, body));
    const text = await response.text();
    const envelope = JSON.parse(text) as { error: { code: ErrorCode; details?: unknown } };
    const codes = endpoint.codes ?? TENANT_REFUSALS;

    expect(envelope, text).toStrictEqual({
      error: {
        code: expect.toBeOneOf([...codes]),
        message: expect.any(String),
        ...('details' in envelope.error ? { details: expect.any(Object) } : {}),
        correlation_id: correlationIdOf(response),
      },
    });
    expect(response.status).toBe(ERROR_STATUS[envelope.error.code]);
    for (const secret of secrets[caller.against]) expect(text).not.toContain(secret);
    expect(await snapshotTables(database)).toStrictEqual(baseline);
  });
});

it('every plain caller can reach its own tree (the matrix is not refusing everything)', async () => {
  for (const caller of CALLERS.filter((candidate) => candidate.impersonate === undefined)) {
    const own = caller.against === 'A' ? 'B' : 'A';
    const token = tokens.get(caller.name) ?? '';
    const response = await api.request(
      `/api/workspaces/${tree.workspaces[tree.members[caller.member].home].id}`,
      as(token, 'GET'),
    );
    expect(response.status, `${caller.name} reading its own workspace in tree ${own}`).toBe(200);
  }
});
