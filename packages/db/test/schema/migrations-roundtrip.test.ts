import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  MIGRATIONS_DIR,
  MigrationError,
  migrateDown,
  migrateUp,
  migrationStatus,
  schemaVersion,
} from '@aiconnected/db';
import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** PRD §12.1, in order. */
const PRD_12_1 = [
  '001_identities.sql',
  '002_workspaces.sql',
  '003_memberships_roles_permissions.sql',
  '004_themes.sql',
  '005_layouts.sql',
  '006_module_registry_installations.sql',
  '007_events_audit.sql',
  '008_integration_connections.sql',
  '009_ai_jobs.sql',
  '010_billing.sql',
  '011_contacts.sql',
  '012_rls_policies.sql',
  '013_seed_role_templates.sql',
  '014_domains_branding_navigation_features.sql',
  '015_rls_extension_policies.sql',
  '016_sdk_contract_versions.sql',
];
/** PRD §12.6: 001 through 014 are reversible; 015 and 016 are not. */
const DOWN_FILES = PRD_12_1.slice(0, 14).map((file) => file.replace(/\.sql$/, '.down.sql'));
const toDown = (file: string) => file.replace(/\.sql$/, '.down.sql');

/** Corrective migrations after §12.1 (017 on): `NNN_name.sql`, each with its down file. */
const LATER = (await readdir(MIGRATIONS_DIR))
  .filter((file) => /^\d{3}_[a-z0-9_]+\.sql$/.test(file) && Number(file.slice(0, 3)) > 16)
  .sort();
const LATER_DOWN_FILES = LATER.map(toDown);
const ALL_UP = [...PRD_12_1, ...LATER];
const LATEST = ALL_UP.length;

/** The DO $$ ... $$ blocks of a migration file, in file order. */
const doBlocks = (sql: string) =>
  [...sql.matchAll(/^DO \$\$[\s\S]*?^END \$\$;/gm)].map((m) => m[0]);

/**
 * Everything a migration could leave behind in the database, as sorted lines: schemas (with
 * owner and privileges), relations of every kind, functions, types, triggers, policies, event
 * triggers, extensions and default privileges. Roles are cluster-wide and deliberately stay.
 */
async function snapshotDatabase(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ line: string }>(`
    with ns as (
      select oid, nspname from pg_namespace
       where nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
         and nspname not like 'pg_temp_%' and nspname not like 'pg_toast_temp_%')
    select 'schema ' || nspname || ' owner=' || pg_get_userbyid(nspowner) || ' acl=' || coalesce(nspacl::text, '')
      as line from pg_namespace where oid in (select oid from ns)
    union all select 'relation(' || c.relkind::text || ') ' || ns.nspname || '.' || c.relname
      from pg_class c join ns on ns.oid = c.relnamespace
    union all select 'function ' || p.oid::regprocedure::text
      from pg_proc p join ns on ns.oid = p.pronamespace
    union all select 'type ' || ns.nspname || '.' || t.typname
      from pg_type t join ns on ns.oid = t.typnamespace
    union all select 'trigger ' || tgname from pg_trigger where not tgisinternal
    union all select 'policy ' || polname from pg_policy
    union all select 'event trigger ' || evtname from pg_event_trigger
    union all select 'extension ' || extname from pg_extension
    union all select 'default acl ' || defaclobjtype::text from pg_default_acl
    order by 1`);
  return rows.map((row) => row.line);
}

/**
 * What a corrective migration changes in place, as sorted lines: policies with their
 * expressions, shell functions with their definitions, comments and grantees, table and
 * column privileges, trigger definitions and storage options (fillfactor).
 */
async function snapshotDefinitions(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ line: string }>(`
    select 'policy ' || tablename || '.' || policyname || ' ' || cmd || ' ' || roles::text
           || ' using ' || coalesce(qual, '') || ' check ' || coalesce(with_check, '') as line
      from pg_policies
    union all select 'function ' || pg_get_functiondef(p.oid) || ' comment ' || coalesce(obj_description(p.oid, 'pg_proc'), '')
      from pg_proc p where p.pronamespace = 'shell'::regnamespace
    union all select 'function acl ' || p.oid::regprocedure::text || ' ' || a.grantee::regrole::text || ' ' || a.privilege_type
      from pg_proc p, aclexplode(p.proacl) a where p.pronamespace = 'shell'::regnamespace
    union all select 'table acl ' || c.relname || ' ' || a.grantee::regrole::text || ' ' || a.privilege_type
      from pg_class c, aclexplode(c.relacl) a where c.relnamespace = 'public'::regnamespace
    union all select 'column acl ' || c.relname || '.' || t.attname || ' ' || a.grantee::regrole::text || ' ' || a.privilege_type
      from pg_class c join pg_attribute t on t.attrelid = c.oid, aclexplode(t.attacl) a
     where c.relnamespace = 'public'::regnamespace
    union all select 'trigger ' || pg_get_triggerdef(oid) from pg_trigger where not tgisinternal
    union all select 'storage ' || c.relname || ' ' || c.reloptions::text
      from pg_class c where c.relnamespace = 'public'::regnamespace and c.reloptions is not null
    order by 1`);
  return rows.map((row) => row.line);
}

describe('migration files (PRD §12.1, §12.6)', () => {
  it('are the 16 names of §12.1 (down files for 001-014 only), then numbered corrective migrations with down files', async () => {
    const files = (await readdir(MIGRATIONS_DIR)).filter((file) => file.endsWith('.sql')).sort();
    expect(files).toStrictEqual([...PRD_12_1, ...DOWN_FILES, ...LATER, ...LATER_DOWN_FILES].sort());
    // Numbered 017, 018, ... without gaps.
    expect(LATER.map((file) => Number(file.slice(0, 3)))).toStrictEqual(
      LATER.map((_, index) => 17 + index),
    );
  });

  it.each([...PRD_12_1, ...DOWN_FILES, ...LATER, ...LATER_DOWN_FILES])(
    '%s carries a pre-check, a post-check and a failure handling note',
    async (file) => {
      const sql = await readFile(join(MIGRATIONS_DIR, file), 'utf8');
      expect(sql).toMatch(/^-- Pre-check: \S/m);
      expect(sql).toMatch(/^-- Post-check: \S/m);
      expect(sql).toMatch(/^-- Failure handling: \S/m);

      const blocks = doBlocks(sql);
      const stage = file.endsWith('.down.sql') ? ' down' : '';
      const pre = blocks.findIndex((block) =>
        new RegExp(`RAISE EXCEPTION '\\d{3}${stage} pre-check failed`).test(block),
      );
      const post = blocks.findIndex((block) =>
        new RegExp(`RAISE EXCEPTION '\\d{3}${stage} post-check failed`).test(block),
      );
      expect(pre, 'DO block raising on a failed pre-check').toBe(0);
      expect(post, 'DO block raising on a failed post-check').toBeGreaterThan(pre);
      // Each file names its own number in its messages, so a failure points at the file.
      expect(blocks[post]).toContain(`'${file.slice(0, 3)}${stage} post-check failed`);
    },
  );
});

describe('the real migrations on an empty database', () => {
  let scratch: TestDatabase;
  let empty: string[];

  beforeAll(async () => {
    scratch = await createTestDatabase({ empty: true });
    empty = await snapshotDatabase(scratch.admin);
  });
  afterAll(async () => {
    await scratch.drop();
  });

  it('starts empty: only an empty public schema', () => {
    expect(empty.filter((line) => line.startsWith('schema '))).toHaveLength(1);
    expect(empty.filter((line) => /^(relation|function|trigger|policy) /.test(line))).toStrictEqual(
      [],
    );
  });

  it(
    'up --to 14, then down --to 0 leaves nothing of ours behind',
    { timeout: 120_000 },
    async () => {
      const up = await migrateUp(scratch.admin, { dir: MIGRATIONS_DIR, to: 14 });
      expect(up.map((step) => step.file)).toStrictEqual(PRD_12_1.slice(0, 14));
      expect(await schemaVersion(scratch.admin)).toBe(14);

      const down = await migrateDown(scratch.admin, { dir: MIGRATIONS_DIR, to: 0 });
      expect(down.map((step) => step.file)).toStrictEqual([...DOWN_FILES].reverse());
      expect(await schemaVersion(scratch.admin)).toBeNull();

      const after = await snapshotDatabase(scratch.admin);
      expect(after).toStrictEqual(empty);
      const schemas = after
        .filter((line) => line.startsWith('schema '))
        .map((l) => l.split(' ')[1]);
      expect(schemas).toStrictEqual(['public']);
    },
  );

  let at16: string[];
  let atLatest: string[];

  it(
    'then up (all) applies 001-016 and the later ones, reporting the last version',
    { timeout: 120_000 },
    async () => {
      const to16 = await migrateUp(scratch.admin, { dir: MIGRATIONS_DIR, to: 16 });
      expect(to16.map((step) => step.file)).toStrictEqual(PRD_12_1);
      at16 = await snapshotDefinitions(scratch.admin);
      const up = await migrateUp(scratch.admin, { dir: MIGRATIONS_DIR });
      expect(up.map((step) => step.file)).toStrictEqual(LATER);
      expect(await schemaVersion(scratch.admin)).toBe(LATEST);
      const status = await migrationStatus(scratch.admin, { dir: MIGRATIONS_DIR });
      expect(status.map((entry) => [entry.file, entry.state])).toStrictEqual(
        ALL_UP.map((file) => [file, 'applied']),
      );
      atLatest = await snapshotDefinitions(scratch.admin);
    },
  );

  it(
    'down --to 16 restores exactly what 016 left, and up re-applies the later ones',
    { timeout: 120_000 },
    async () => {
      const down = await migrateDown(scratch.admin, { dir: MIGRATIONS_DIR, to: 16 });
      expect(down.map((step) => step.file)).toStrictEqual([...LATER_DOWN_FILES].reverse());
      expect(await schemaVersion(scratch.admin)).toBe(16);
      expect(await snapshotDefinitions(scratch.admin)).toStrictEqual(at16);

      const up = await migrateUp(scratch.admin, { dir: MIGRATIONS_DIR });
      expect(up.map((step) => step.file)).toStrictEqual(LATER);
      expect(await snapshotDefinitions(scratch.admin)).toStrictEqual(atLatest);
    },
  );

  it('refuses down --to 14 from the latest as forward-only (PRD §12.6) and changes nothing', async () => {
    const before = await snapshotDatabase(scratch.admin);
    const applied = await scratch.admin.query(
      'select * from shell_migrations.applied order by version',
    );

    const refusal = await migrateDown(scratch.admin, { dir: MIGRATIONS_DIR, to: 14 }).catch(
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(MigrationError);
    expect(refusal).toMatchObject({ code: 'FORWARD_ONLY' });
    const message = (refusal as MigrationError).message;
    expect(message).toMatch(/forward-only/);
    expect(message).toContain('PRD §12.6');

    expect(await schemaVersion(scratch.admin)).toBe(LATEST);
    expect(await snapshotDatabase(scratch.admin)).toStrictEqual(before);
    const appliedAfter = await scratch.admin.query(
      'select * from shell_migrations.applied order by version',
    );
    expect(appliedAfter.rows).toStrictEqual(applied.rows);
  });
});
