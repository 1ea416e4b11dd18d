import { MIGRATIONS_DIR, migrateDown, migrateUp, schemaVersion } from '@aiconnected/db';
import {
  TENANT_USERS,
  TENANT_WORKSPACES,
  createTestDatabase,
  seedTenantTree,
  type TenantTree,
  type TestDatabase,
} from '@aiconnected/db/testing';
import { CAPABILITIES, ROLE_CAPABILITIES } from '@aiconnected/permissions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// 038 rewrote the fifteen RLS helpers of schema shell from LANGUAGE sql to plpgsql (same
// queries, plans kept per connection). Every helper must answer exactly as before: the same
// tenant tree is asked the same questions at 038 and again after 038's down file, under
// every member's own claims, forged claims and malformed ones, and the answers (or the
// errors) must be identical. The RLS matrix (test/rls) checks the policies built on them.

const HELPERS = [
  'claims()',
  'current_user_id()',
  'current_workspace_id()',
  'claimed_permissions()',
  'is_super()',
  'in_platform_scope()',
  'visible_workspace_ids()',
  'workspaces_with_permission(text)',
  'has_platform_permission(text)',
  'holds_all_capabilities(uuid, text[])',
  'can_assign_role(uuid, text)',
  'can_grant_permission(uuid, uuid)',
  'can_manage_user(uuid)',
  'login_override_allowed(uuid)',
  'module_management_allowed(uuid, text)',
].map((fn) => `shell.${fn}`);

/** Capabilities asked about: settings, users, modules, branding, an implied one, an unknown one. */
const CAPS = [
  'settings.manage',
  'users.manage',
  'modules.install',
  'modules.enable',
  'branding.edit',
  'impersonation.agency_business.start',
  'no.such.capability',
];
const ROLES = ['business_user', 'agency_admin', 'super_admin', 'no_such_role'];

/** Every helper with a spread of arguments, in one statement: a json object of answers. */
const ASK_EVERYTHING = `
  select json_build_object(
    'claims', shell.claims(),
    'current_user_id', shell.current_user_id(),
    'current_workspace_id', shell.current_workspace_id(),
    'claimed_permissions', shell.claimed_permissions(),
    'is_super', shell.is_super(),
    'in_platform_scope', shell.in_platform_scope(),
    'visible_workspace_ids', shell.visible_workspace_ids(),
    'workspaces_with_permission', (select json_agg(json_build_array(c, shell.workspaces_with_permission(c)) order by c)
                                     from unnest($2::text[]) c),
    'has_platform_permission', (select json_agg(json_build_array(c, shell.has_platform_permission(c)) order by c)
                                  from unnest($2::text[]) c),
    'holds_all_capabilities', (select json_agg(json_build_array(w, shell.holds_all_capabilities(w, $2::text[]),
                                                                shell.holds_all_capabilities(w, ($2::text[])[1:2]),
                                                                shell.holds_all_capabilities(w, array['impersonation.agency_business.start']))
                                               order by w)
                                 from unnest($1::uuid[]) w),
    'can_assign_role', (select json_agg(json_build_array(w, r, shell.can_assign_role(w, r)) order by w, r)
                          from unnest($1::uuid[]) w, unnest($3::text[]) r),
    'can_grant_permission', (select json_agg(json_build_array(w, p.code, shell.can_grant_permission(w, p.id)) order by w, p.code)
                               from unnest($1::uuid[]) w, public.permissions p where p.code = any ($2::text[])),
    'can_manage_user', (select json_agg(json_build_array(u, shell.can_manage_user(u)) order by u)
                          from unnest($4::uuid[]) u),
    'login_override_allowed', (select json_agg(json_build_array(w, shell.login_override_allowed(w)) order by w)
                                 from unnest($1::uuid[]) w),
    'module_management_allowed', (select json_agg(json_build_array(w, c, shell.module_management_allowed(w, c)) order by w, c)
                                    from unnest($1::uuid[]) w, unnest(array['modules.install', 'modules.enable', 'modules.disable']) c)
  ) as answers`;

let scratch: TestDatabase;
let tree: TenantTree;
/** The claims (as the text of request.jwt.claims) of every context asked. */
let contexts: { name: string; claims: string }[];

function claimsOf(sub: string, workspaceId: string, permissions: readonly string[]): string {
  return JSON.stringify({ sub, role: 'authenticated', workspace_id: workspaceId, permissions });
}

/** Each context's answers (or its error's code and message), as the request role sees them. */
async function askEveryContext(): Promise<Record<string, unknown>> {
  const ws = [...Object.values(tree.workspaces).map((w) => w.id), null];
  const users = [...Object.values(tree.users).map((u) => u.id), null];
  const answers: Record<string, unknown> = {};
  const client = await scratch.admin.connect();
  try {
    for (const context of contexts) {
      await client.query('begin');
      try {
        await client.query(
          "select set_config('request.jwt.claims', $1, true), set_config('role', 'authenticated', true)",
          [context.claims],
        );
        const { rows } = await client.query(ASK_EVERYTHING, [ws, CAPS, ROLES, users]);
        answers[context.name] = rows[0].answers;
      } catch (error) {
        const { code, message } = error as { code?: string; message?: string };
        answers[context.name] = { error: { code, message } };
      } finally {
        await client.query('rollback');
      }
    }
  } finally {
    client.release();
  }
  return answers;
}

beforeAll(async () => {
  scratch = await createTestDatabase({ empty: true });
  await migrateUp(scratch.admin, { dir: MIGRATIONS_DIR, to: 38 });
  tree = await seedTenantTree(scratch.admin, {
    workspaces: TENANT_WORKSPACES,
    users: TENANT_USERS,
  });
  const w = (key: keyof TenantTree['workspaces']) => tree.workspaces[key].id;
  // Agency A lets its businesses manage modules and store their own login screen (the
  // branches of module_management_allowed and login_override_allowed B does not take).
  await scratch.admin.query(
    `insert into public.module_policies (agency_workspace_id, businesses_may_manage) values ($1, true)`,
    [w('A')],
  );
  await scratch.admin.query(
    `insert into public.login_screen_profiles (workspace_id, version, profile, allow_business_override)
     values ($1, 1, '{}', true)`,
    [w('A')],
  );
  const own = Object.entries(tree.users).flatMap(([key, user]) =>
    user.memberships.map((m) => ({
      name: `${key} in ${m.workspaceKey}`,
      claims: claimsOf(user.id, m.workspaceId, ROLE_CAPABILITIES[m.role]),
    })),
  );
  const all = [...CAPABILITIES];
  const { agencyUserA, businessAdminA1, superUser, suspended } = tree.users;
  contexts = [
    ...own,
    // Forged: every capability claimed, or another tenant's workspace as the active one.
    { name: 'agencyUserA claiming everything in A', claims: claimsOf(agencyUserA.id, w('A'), all) },
    { name: 'agencyUserA claiming A1', claims: claimsOf(agencyUserA.id, w('A1'), all) },
    { name: 'businessAdminA1 claiming B1', claims: claimsOf(businessAdminA1.id, w('B1'), all) },
    { name: 'superUser claiming everything', claims: claimsOf(superUser.id, w('S'), all) },
    { name: 'suspended claiming everything', claims: claimsOf(suspended.id, w('A1'), all) },
    // Malformed or missing claims.
    { name: 'no claims', claims: '' },
    { name: 'empty object', claims: '{}' },
    { name: 'empty sub', claims: JSON.stringify({ sub: '', workspace_id: '', permissions: [] }) },
    {
      name: 'permissions not an array',
      claims: JSON.stringify({
        sub: superUser.id,
        workspace_id: w('S'),
        permissions: 'users.manage',
      }),
    },
    { name: 'sub not a uuid', claims: JSON.stringify({ sub: 'nobody', workspace_id: w('A') }) },
    { name: 'not json', claims: 'not json' },
  ];
}, 120_000);

afterAll(async () => {
  await scratch.drop();
});

describe('038: the RLS helpers as plpgsql answer exactly as the sql ones did', () => {
  it(
    'every helper, every context: the same answers at 038 as after its down file',
    { timeout: 180_000 },
    async () => {
      const languages = async () =>
        (
          await scratch.admin.query<{ lang: string }>(
            `select distinct l.lanname as lang from pg_proc p join pg_language l on l.oid = p.prolang
              where p.oid = any ($1::regprocedure[])`,
            [HELPERS],
          )
        ).rows.map((row) => row.lang);

      expect(await languages()).toStrictEqual(['plpgsql']);
      const plpgsql = await askEveryContext();

      await migrateDown(scratch.admin, { dir: MIGRATIONS_DIR, to: 37 });
      expect(await schemaVersion(scratch.admin)).toBe(37);
      expect(await languages()).toStrictEqual(['sql']);
      const sql = await askEveryContext();

      expect(plpgsql).toStrictEqual(sql);
      // The comparison is not vacuous: only the malformed claims fail, members see their trees.
      const failed = Object.keys(sql).filter((name) => 'error' in (sql[name] as object));
      expect(failed).toStrictEqual(['sub not a uuid', 'not json']);
      const agencyAdmin = sql['agencyAdminA in A'] as { visible_workspace_ids: string[] };
      expect(agencyAdmin.visible_workspace_ids).toHaveLength(3);
      expect(sql['sub not a uuid']).toStrictEqual({
        error: { code: '22P02', message: 'invalid input syntax for type uuid: "nobody"' },
      });
      expect(sql['not json']).toMatchObject({ error: { code: '22P02' } });
      const platform = sql['superAdmin in S'] as { in_platform_scope: boolean };
      expect(platform.in_platform_scope).toBe(true);
    },
  );
});
