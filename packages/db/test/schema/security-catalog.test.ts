import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCatalog } from './read-catalog';

/** docs/tenancy-and-rls.md "Helper functions": the ones that read tables are SECURITY DEFINER. */
const HELPERS = [
  { fn: 'shell.claims()', returns: 'jsonb', definer: false },
  { fn: 'shell.current_user_id()', returns: 'uuid', definer: false },
  { fn: 'shell.current_workspace_id()', returns: 'uuid', definer: false },
  { fn: 'shell.claimed_permissions()', returns: 'text[]', definer: false },
  { fn: 'shell.is_super()', returns: 'boolean', definer: true },
  { fn: 'shell.visible_workspace_ids()', returns: 'uuid[]', definer: true },
  { fn: 'shell.workspaces_with_permission(text)', returns: 'uuid[]', definer: true },
  { fn: 'shell.has_platform_permission(text)', returns: 'boolean', definer: true },
];

let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => {
  await test.drop();
});

describe('row-level security, helpers and roles (docs/tenancy-and-rls.md)', () => {
  it('enables and forces RLS on every table of public', async () => {
    const { tables } = await readCatalog(test.admin);
    // At least the 25 shell-owned entities of PRD §11.
    expect(tables.length).toBeGreaterThanOrEqual(25);
    const problems = tables.filter((t) => !t.rlsEnabled || !t.rlsForced).map((t) => t.name);
    expect(problems).toStrictEqual([]);
  });

  // plpgsql since 038: the plans of their queries are kept per connection.
  it.each(HELPERS)(
    '$fn exists in schema shell, STABLE plpgsql, returning $returns',
    async (helper) => {
      const { rows } = await test.admin.query(
        `select p.provolatile as volatility, p.prosecdef as definer, p.proconfig as config,
              pg_get_function_result(p.oid) as returns, l.lanname as language
         from pg_proc p join pg_language l on l.oid = p.prolang where p.oid = to_regprocedure($1)`,
        [helper.fn],
      );
      expect(rows).toStrictEqual([
        {
          volatility: 's',
          definer: helper.definer,
          config: ['search_path=""'],
          returns: helper.returns,
          language: 'plpgsql',
        },
      ]);
    },
  );

  it('sets search_path on every SECURITY DEFINER function of schema shell', async () => {
    const { rows } = await test.admin.query<{ fn: string }>(
      `select p.oid::regprocedure::text as fn from pg_proc p
        where p.pronamespace = 'shell'::regnamespace and p.prosecdef
          and not exists (select 1 from unnest(p.proconfig) c where c like 'search_path=%')`,
    );
    expect(rows).toStrictEqual([]);
  });

  it.each([
    'shell.governing_memberships(uuid,uuid)',
    'shell.resolve_session(text)',
    'shell.switch_session_workspace(uuid,uuid,text)',
    'shell.theme_chain(uuid)',
    'shell.resolve_host(text,text)',
    'shell.workspace_ancestry(uuid)',
    'shell.read_lane(uuid,text,integer)',
    'shell.summarise_events(uuid[])',
    'shell.record_lane_batch(uuid[],text[],integer[],timestamptz[],integer[],text[],text[],uuid[],integer[],timestamptz[],integer[],integer[],text[],text[],text,uuid,boolean)',
    'shell.record_lane_outcomes(uuid[],text[],integer[],timestamptz[],integer[],text[],text[],uuid[],integer[],timestamptz[],integer[],integer[],text[],text[],text,uuid)',
  ])(
    '%s is executable by service_role only (service-only, migrations 019, 028, 029, 032, 050, 055, 057)',
    async (fn) => {
      const { rows } = await test.admin.query(
        `select r.rolname as role, has_function_privilege(r.rolname, $1, 'EXECUTE') as execute
           from pg_roles r where r.rolname in ('anon', 'authenticated', 'service_role')
          order by r.rolname`,
        [fn],
      );
      const publicGrant = await test.admin.query(
        `select exists (select 1 from pg_proc p, aclexplode(p.proacl) a
                         where p.oid = to_regprocedure($1) and a.grantee = 0) as granted`,
        [fn],
      );
      expect({ roles: rows, public: publicGrant.rows[0]?.granted }).toStrictEqual({
        roles: [
          { role: 'anon', execute: false },
          { role: 'authenticated', execute: false },
          { role: 'service_role', execute: true },
        ],
        public: false,
      });
    },
  );

  it('has anon and authenticated without BYPASSRLS and service_role with it', async () => {
    const { rows } = await test.admin.query(
      `select rolname as role, rolbypassrls as bypass from pg_roles
        where rolname in ('anon', 'authenticated', 'service_role') order by rolname`,
    );
    expect(rows).toStrictEqual([
      { role: 'anon', bypass: false },
      { role: 'authenticated', bypass: false },
      { role: 'service_role', bypass: true },
    ]);
  });

  it('gives anon no privilege on any table or column of public', async () => {
    const { rows } = await test.admin.query<{ name: string }>(
      `select c.relname as name from pg_class c
        where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f')
          and (has_table_privilege('anon', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
               or has_any_column_privilege('anon', c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))`,
    );
    expect(rows).toStrictEqual([]);
  });
});
