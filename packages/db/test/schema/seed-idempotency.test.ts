import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MIGRATIONS_DIR } from '@aiconnected/db';
import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import {
  CAPABILITIES,
  ROLE_CAPABILITIES,
  ROLE_SCOPE,
  ROLE_TEMPLATES,
} from '@aiconnected/permissions';
import { ERROR_CODES } from '@aiconnected/sdk-contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** PRD §12.6: these two must be idempotent and safely re-runnable. */
const RERUNNABLE = ['013_seed_role_templates.sql', '016_sdk_contract_versions.sql'];
const SEEDED_TABLES = ['roles', 'permissions', 'role_permissions', 'sdk_contract_versions'];
const CONTRACTS = [
  'error-envelope',
  'event-envelope',
  'gateway-forward-headers',
  'module-manifest',
];

let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => {
  await test.drop();
});

/** Every row of `table` as JSON text, ordered by id: equal text means byte-identical rows. */
async function tableJson(table: string): Promise<string> {
  const { rows } = await test.admin.query<{ json: string }>(
    `select coalesce(jsonb_agg(to_jsonb(t) order by t.id), '[]'::jsonb)::text as json from public.${table} t`,
  );
  return rows[0]?.json ?? '';
}

/** What re-running could disturb besides rows: policies, grants and RLS flags of the tables. */
async function accessJson(): Promise<string> {
  const { rows } = await test.admin.query<{ json: string }>(
    `select jsonb_build_object(
       'policies', (select jsonb_agg(to_jsonb(p) order by p.tablename, p.policyname) from pg_policies p
                     where p.schemaname = 'public' and p.tablename = any ($1)),
       'grants', (select jsonb_agg(to_jsonb(g) order by g.table_name, g.grantee, g.privilege_type)
                    from information_schema.role_table_grants g
                   where g.table_schema = 'public' and g.table_name = any ($1)),
       'rls', (select jsonb_agg(jsonb_build_array(relname, relrowsecurity, relforcerowsecurity) order by relname)
                 from pg_class where relnamespace = 'public'::regnamespace and relname = any ($1))
     )::text as json`,
    [SEEDED_TABLES],
  );
  return rows[0]?.json ?? '';
}

async function snapshot(): Promise<Record<string, string>> {
  const seen: Record<string, string> = { access: await accessJson() };
  for (const table of SEEDED_TABLES) seen[table] = await tableJson(table);
  return seen;
}

/** Runs a migration file by hand, as the superuser, in one transaction (as the runner does). */
async function runByHand(file: string): Promise<void> {
  const sql = await readFile(join(MIGRATIONS_DIR, file), 'utf8');
  const client = await test.admin.connect();
  try {
    await client.query('begin');
    await client.query(sql);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release(true);
  }
}

describe('re-running 013 and 016 (PRD §12.6)', () => {
  it('succeeds and leaves the seeded rows, policies and grants byte-identical', async () => {
    const before = await snapshot();
    expect(JSON.parse(before.roles ?? '[]')).toHaveLength(9);
    for (const file of [...RERUNNABLE, ...RERUNNABLE]) await runByHand(file);
    expect(await snapshot()).toStrictEqual(before);
  });
});

describe('the seed matches the TypeScript source of truth', () => {
  it('seeds the 22 capabilities of CAPABILITIES (013, and 040 events.manage)', async () => {
    const { rows } = await test.admin.query<{ code: string }>(
      'select code from public.permissions',
    );
    expect(rows.map((row) => row.code).sort()).toStrictEqual([...CAPABILITIES].sort());
    expect(rows).toHaveLength(22);
  });

  it('seeds the role templates with the scope_type of ROLE_SCOPE', async () => {
    const { rows } = await test.admin.query<{ code: string; scope_type: string }>(
      'select code, scope_type from public.roles order by code',
    );
    expect(Object.fromEntries(rows.map((row) => [row.code, row.scope_type]))).toStrictEqual(
      ROLE_SCOPE,
    );
    expect(rows.map((row) => row.code)).toStrictEqual([...ROLE_TEMPLATES].sort());
  });

  it('seeds exactly the role -> capability pairs of ROLE_CAPABILITIES', async () => {
    const { rows } = await test.admin.query<{ role: string; capability: string }>(
      `select r.code as role, p.code as capability
         from public.role_permissions rp
         join public.roles r on r.id = rp.role_id
         join public.permissions p on p.id = rp.permission_id
        order by r.code, p.code`,
    );
    const seeded = rows.map((row) => `${row.role} ${row.capability}`);
    const expected = Object.entries(ROLE_CAPABILITIES)
      .flatMap(([role, capabilities]) => capabilities.map((capability) => `${role} ${capability}`))
      .sort();
    expect(seeded).toStrictEqual(expected);
  });
});

describe('sdk_contract_versions (016)', () => {
  it('holds the four contracts at 1.0.0, active, each with a non-empty JSON Schema', async () => {
    const { rows } = await test.admin.query<{
      contract_name: string;
      semver: string;
      status: string;
      schema_json: Record<string, unknown>;
    }>(
      'select contract_name, semver, status, schema_json from public.sdk_contract_versions order by contract_name, semver',
    );
    // 022 adds error-envelope 1.1.0 (PAYLOAD_TOO_LARGE) beside 1.0.0, 026 adds 1.2.0
    // (SERVICE_UNAVAILABLE), 033 module-manifest 1.1.0 (zod's JSON Schema of the manifest, a
    // $ref to its $defs: packages/modules manifest-contract-row.test.ts compares it), 039
    // module-manifest 1.2.0, gateway-forward-headers 2.0.0 and module-bridge 1.0.0 (zod's too:
    // packages/modules gateway-runtime-contract-rows.test.ts), 040 module-manifest 1.3.0,
    // event-envelope 2.0.0 and shell-events 1.0.0, 044 module-manifest 1.4.0 and shell-events
    // 1.1.0 (packages/events contract-rows.test.ts), 045 error-envelope 1.3.0
    // (INTEGRATION_OAUTH_STATE_INVALID), 049 module-bridge 1.1.0 (the same code in host:refusal).
    expect(rows.map((row) => [row.contract_name, row.semver, row.status])).toStrictEqual(
      [
        ...CONTRACTS.map((name) => [name, '1.0.0', 'active']),
        ['error-envelope', '1.1.0', 'active'],
        ['error-envelope', '1.2.0', 'active'],
        ['module-manifest', '1.1.0', 'active'],
        ['module-manifest', '1.2.0', 'active'],
        ['gateway-forward-headers', '2.0.0', 'active'],
        ['module-bridge', '1.0.0', 'active'],
        ['module-manifest', '1.3.0', 'active'],
        ['event-envelope', '2.0.0', 'active'],
        ['shell-events', '1.0.0', 'active'],
        ['module-manifest', '1.4.0', 'active'],
        ['shell-events', '1.1.0', 'active'],
        ['error-envelope', '1.3.0', 'active'],
        ['module-bridge', '1.1.0', 'active'],
      ].sort((a, b) => `${a[0]} ${a[1]}`.localeCompare(`${b[0]} ${b[1]}`)),
    );
    const ZOD_DEFINED: Record<string, string> = {
      'module-manifest 1.1.0': 'ModuleManifest',
      'module-manifest 1.2.0': 'ModuleManifest',
      'gateway-forward-headers 2.0.0': 'GatewayForwardHeaders',
      'module-bridge 1.0.0': 'ModuleBridgeMessage',
      'module-manifest 1.3.0': 'ModuleManifest',
      'event-envelope 2.0.0': 'EventEnvelope',
      'shell-events 1.0.0': 'ShellEvent',
      'module-manifest 1.4.0': 'ModuleManifest',
      'shell-events 1.1.0': 'ShellEvent',
      'module-bridge 1.1.0': 'ModuleBridgeMessage',
    };
    for (const row of rows) {
      const definition = ZOD_DEFINED[`${row.contract_name} ${row.semver}`];
      if (definition !== undefined) {
        expect(row.schema_json).toMatchObject({
          $schema: 'https://json-schema.org/draft/2020-12/schema',
          $ref: `#/$defs/${definition}`,
        });
        continue;
      }
      expect(row.schema_json).toMatchObject({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
      });
      expect(Object.keys(row.schema_json.properties ?? {}).length).toBeGreaterThan(0);
    }
  });

  it("the latest error-envelope's code enum is exactly ERROR_CODES", async () => {
    const { rows } = await test.admin.query<{ codes: string[] }>(
      `select array(select jsonb_array_elements_text(
                schema_json -> 'properties' -> 'error' -> 'properties' -> 'code' -> 'enum')) as codes
         from public.sdk_contract_versions where contract_name = 'error-envelope' and semver = '1.3.0'`,
    );
    const codes = rows[0]?.codes ?? [];
    expect(codes).toHaveLength(ERROR_CODES.length);
    expect([...codes].sort()).toStrictEqual([...ERROR_CODES].sort());
  });
});
