import {
  seedTenantTree,
  TENANT_WORKSPACES,
  type TenantWorkspaceKey,
  type TestDatabase,
  type TreeUserSpec,
} from '@aiconnected/db/testing';
import { hashTreePassword } from '@aiconnected/identity/testing';
import type { RoleTemplate, WorkspaceType } from '@aiconnected/permissions';
import type { ApiApp } from '@/server/api/context';
import { bearer, jsonRequest, signInAs } from './auth-client';

// The seeded tree of the workspace, membership, user and audit-log API tests: the platform,
// and two tenant trees with every role of each level, so a test can act as any role and
// aim at ids of the other tree. A spec on the one tenant-tree seeder (`seedTenantTree`).

/** The workspaces: the shared `TENANT_WORKSPACES` (S; A with A1, A2; B with B1). */
export type TreeKey = TenantWorkspaceKey;

/** One member per role template of its level in S, A, A1, B and B1: `A1.business_admin`, ... */
export const ROLE_TREE_MEMBERS = [
  ['S', 'super_admin'],
  ['S', 'super_manager'],
  ['A', 'agency_admin'],
  ['A', 'agency_manager'],
  ['A', 'agency_user'],
  ['A1', 'business_admin'],
  ['A1', 'business_manager'],
  ['A1', 'business_user'],
  ['A2', 'business_user'],
  ['B', 'agency_admin'],
  ['B', 'agency_manager'],
  ['B', 'agency_user'],
  ['B1', 'business_admin'],
  ['B1', 'business_manager'],
  ['B1', 'business_user'],
] as const satisfies readonly (readonly [TreeKey, RoleTemplate])[];

export type MemberLabel =
  `${(typeof ROLE_TREE_MEMBERS)[number][0]}.${(typeof ROLE_TREE_MEMBERS)[number][1]}`;

export interface TreeWorkspace {
  id: string;
  name: string;
  type: WorkspaceType;
}

export interface TreeMember {
  label: MemberLabel;
  id: string;
  email: string;
  displayName: string;
  home: TreeKey;
  role: RoleTemplate;
  membershipId: string;
}

export interface RoleTree {
  /** The random tag in every name and email of this seed. */
  tag: string;
  workspaces: Record<TreeKey, TreeWorkspace>;
  members: Record<MemberLabel, TreeMember>;
}

/**
 * Seeds the tree as the test superuser, unique per call (a random tag in names and emails),
 * every user active with `TREE_PASSWORD` (hashed once per file).
 */
export async function seedRoleTree(database: Pick<TestDatabase, 'admin'>): Promise<RoleTree> {
  const users: Record<string, TreeUserSpec<TreeKey>> = Object.fromEntries(
    ROLE_TREE_MEMBERS.map(([home, role]) => [
      `${home}.${role}`,
      { displayName: `User ${home}.${role}`, memberships: [{ in: home, role }] },
    ]),
  );
  const seeded = await seedTenantTree(
    database.admin,
    { workspaces: TENANT_WORKSPACES, users },
    { tagNames: true, passwordHash: await hashTreePassword() },
  );
  const members = {} as Record<MemberLabel, TreeMember>;
  for (const [home, role] of ROLE_TREE_MEMBERS) {
    const label: MemberLabel = `${home}.${role}`;
    const user = seeded.users[label];
    const membershipId = user?.memberships[0]?.membershipId;
    if (!user || membershipId === undefined) throw new Error(`${label} was not seeded`);
    const { id, email } = user;
    members[label] = { label, id, email, displayName: `User ${label}`, home, role, membershipId };
  }
  return { tag: seeded.tag, workspaces: seeded.workspaces, members };
}

/** Signs every member in; their one membership is their active workspace. */
export async function signInAll(api: ApiApp, tree: RoleTree): Promise<Record<MemberLabel, string>> {
  const tokens = {} as Record<MemberLabel, string>;
  for (const member of Object.values(tree.members))
    tokens[member.label] = await signInAs(api, member);
  return tokens;
}

/** A request as `token` (Bearer): JSON when `body` is given. */
export function as(token: string, method: string, body?: unknown): RequestInit {
  return body === undefined
    ? { method, headers: bearer(token) }
    : jsonRequest(method, body, bearer(token));
}

/** The audit rows of one request, by its correlation id, oldest first (read as superuser). */
export async function auditRowsOf(database: TestDatabase, correlationId: string) {
  const { rows } = await database.admin.query<Record<string, unknown>>(
    `select workspace_id, actor_user_id, impersonator_user_id, action, target_type, target_id,
            metadata_json - 'people' as metadata_json
       from public.audit_logs where correlation_id = $1 order by created_at, action`,
    [correlationId],
  );
  return rows;
}

/**
 * An audit row as `auditRowsOf` reads it, written by `actor` acting as themselves in `workspace`
 * (null: the system, e.g. a background job).
 */
export function auditRow(row: {
  workspace: string;
  actor: string | null;
  action: string;
  target: { type: string; id: unknown };
  metadata: unknown;
}) {
  return {
    workspace_id: row.workspace,
    actor_user_id: row.actor,
    impersonator_user_id: null,
    action: row.action,
    target_type: row.target.type,
    target_id: row.target.id,
    metadata_json: row.metadata,
  };
}

/**
 * A fingerprint of every table a refused request could touch, read as the superuser.
 * Sessions leave out `last_seen_at`, which the guard bumps on any authenticated request.
 */
export async function snapshotTables(database: TestDatabase): Promise<Record<string, string>> {
  const tables = {
    workspaces: 'select * from public.workspaces',
    workspace_memberships: 'select * from public.workspace_memberships',
    membership_permissions: 'select * from public.membership_permissions',
    users: 'select * from public.users',
    user_credentials: 'select * from public.user_credentials',
    auth_tokens: 'select * from public.auth_tokens',
    mail_messages: 'select * from public.mail_messages',
    audit_logs: 'select * from public.audit_logs',
    branding_assets: 'select * from public.branding_assets',
    themes: 'select * from public.themes',
    workspace_domains: 'select * from public.workspace_domains',
    domain_checks: 'select * from public.domain_checks',
    module_installations: 'select * from public.module_installations',
    module_policies: 'select * from public.module_policies',
    module_target_health: 'select * from public.module_target_health',
    module_installation_credentials: 'select * from public.module_installation_credentials',
    events: 'select * from public.events',
    event_deliveries: 'select * from public.event_deliveries',
    integration_connections: 'select * from public.integration_connections',
    integration_oauth_states: 'select * from public.integration_oauth_states',
    credential_policies: 'select * from public.credential_policies',
    credential_policy_history: 'select * from public.credential_policy_history',
    credential_resolution_decisions: 'select * from public.credential_resolution_decisions',
    sessions: `select id, user_id, active_workspace_id, impersonation_actor_workspace_id,
                      impersonation_target_workspace_id, impersonation_reason, expires_at, revoked_at
                 from public.sessions`,
  };
  const selects = Object.entries(tables).map(
    ([name, sql]) =>
      `(select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from (${sql}) t) as ${name}`,
  );
  const { rows } = await database.admin.query<Record<string, string>>(
    `select ${selects.join(', ')}`,
  );
  return only(rows);
}

function only<T>(rows: T[]): T {
  const [row] = rows;
  if (rows.length !== 1 || row === undefined)
    throw new Error(`expected one row, got ${rows.length}`);
  return row;
}
