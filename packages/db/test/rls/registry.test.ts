import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writableWorkspaces } from './support/expectations';
import { SERVICE_TABLES, TABLE_REGISTRY, WORKSPACE_TABLES } from './support/table-registry';
import { MEMBERS } from './support/tenant-fixture';

// The matrix is generated from the catalog: these checks make a new table without a
// registry entry, without RLS or without a policy fail the suite.

let test: TestDatabase;

interface CatalogTable {
  table: string;
  rls: boolean;
  forced: boolean;
  policies: number;
  has_workspace_id: boolean;
}

let catalog: CatalogTable[];

const isServiceOnly = (table: string) => TABLE_REGISTRY[table]?.kind === 'service';

beforeAll(async () => {
  test = await createTestDatabase();
  const { rows } = await test.admin.query<CatalogTable>(`
    select c.relname as table, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
           (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies,
           exists (select 1 from pg_attribute a
                    where a.attrelid = c.oid and a.attname = 'workspace_id' and not a.attisdropped) as has_workspace_id
      from pg_class c
     where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
     order by c.relname`);
  catalog = rows;
});
afterAll(async () => {
  await test.drop();
});

describe('table registry', () => {
  it('has an entry for every table of public, and only for those', () => {
    const tables = catalog.map((row) => row.table);
    const missing = tables.filter((table) => !(table in TABLE_REGISTRY));
    expect(
      missing,
      `public tables without an entry in packages/db/test/rls/support/table-registry.ts: ` +
        `add one (row factory, read/write rules from its policies, an update probe) so the RLS matrix covers it`,
    ).toStrictEqual([]);
    const stale = Object.keys(TABLE_REGISTRY).filter((table) => !tables.includes(table));
    expect(stale, 'registry entries for tables that no longer exist').toStrictEqual([]);
    // 26 of 012-017, the five service-only identity tables of 018, domain_checks (029) and
    // login_screen_profiles (031), module_catalog and module_target_health (033),
    // module_policies (034), event_deliveries, event_delivery_attempts and
    // module_installation_credentials (040), integration_oauth_states and
    // integration_provider_configs (045), credential_policy_history and
    // credential_resolution_decisions (046).
    expect(tables).toHaveLength(43);
  });

  it("declares kind 'workspace' exactly for the tables that have workspace_id (service-only tables aside)", () => {
    const wrong = catalog
      .filter((row) => TABLE_REGISTRY[row.table]?.kind !== 'service')
      .filter((row) => (TABLE_REGISTRY[row.table]?.kind === 'workspace') !== row.has_workspace_id)
      .map((row) => row.table);
    expect(wrong).toStrictEqual([]);
  });

  it('expects some member to write every table that request code may write (no deny-all pass)', () => {
    const neverWritable = WORKSPACE_TABLES.flatMap(({ table, entry }) =>
      (['insert', 'update', 'delete'] as const)
        .filter((op) => entry[op].kind !== 'none')
        .filter((op) =>
          MEMBERS.every((member) => writableWorkspaces(member, entry[op]).length === 0),
        )
        .map((op) => `${table}.${op}`),
    );
    expect(neverWritable).toStrictEqual([]);
  });
});

describe('row-level security in the catalog', () => {
  it('is enabled and forced on every table of public, each with at least one policy unless service-only', () => {
    const unprotected = catalog
      .filter((row) => !row.rls || !row.forced || (row.policies === 0 && !isServiceOnly(row.table)))
      .map(
        (row) => `${row.table} (rls ${row.rls}, forced ${row.forced}, policies ${row.policies})`,
      );
    expect(unprotected).toStrictEqual([]);
  });

  it('gives service-only tables no policy and authenticated no privilege on them', async () => {
    const serviceOnly = catalog.filter((row) => isServiceOnly(row.table));
    expect(serviceOnly.map((row) => `${row.table}: ${row.policies} policies`).sort()).toStrictEqual(
      SERVICE_TABLES.map(({ table }) => `${table}: 0 policies`).sort(),
    );
    const { rows } = await test.admin.query<{ table: string }>(
      `select c.relname as table from pg_class c
        where c.oid = any($1::regclass[])
          and (has_table_privilege('authenticated', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
               or has_any_column_privilege('authenticated', c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))`,
      [SERVICE_TABLES.map(({ table }) => `public.${table}`)],
    );
    expect(rows).toStrictEqual([]);
  });

  it('has policies only for authenticated (none for PUBLIC or anon)', async () => {
    const { rows } = await test.admin.query<{ policy: string }>(`
      select tablename || '.' || policyname as policy from pg_policies
       where schemaname = 'public' and roles <> array['authenticated']::name[]`);
    expect(rows).toStrictEqual([]);
  });

  it('grants anon nothing on any table of public', async () => {
    const { rows } = await test.admin.query<{ table: string }>(`
      select c.relname as table from pg_class c
       where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
         and (has_table_privilege('anon', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
              or has_any_column_privilege('anon', c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))`);
    expect(rows).toStrictEqual([]);
  });

  it('has no view or materialized view in public that could read around RLS', async () => {
    const { rows } = await test.admin.query<{ relname: string }>(`
      select relname from pg_class
       where relnamespace = 'public'::regnamespace and relkind in ('v', 'm')
         and not coalesce('security_invoker=true' = any (reloptions), false)`);
    expect(rows).toStrictEqual([]);
  });
});
