import { MIGRATIONS_DIR, MigrationError, migrateUp, schemaVersion } from '@aiconnected/db';
import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

let scratch: TestDatabase;

beforeAll(async () => {
  scratch = await createTestDatabase({ empty: true });
});
afterAll(async () => {
  await scratch.drop();
});

it(
  '021 stops with the twins named when sibling workspaces already share a name',
  { timeout: 120_000 },
  async () => {
    await migrateUp(scratch.admin, { dir: MIGRATIONS_DIR, to: 20 });
    const { rows } = await scratch.admin.query<{ id: string }>(
      "insert into public.workspaces (type, name) values ('super', 'Platform') returning id",
    );
    const superId = rows[0]?.id;
    await scratch.admin.query(
      `insert into public.workspaces (type, parent_workspace_id, name)
     values ('agency', $1, 'Northwind'), ('agency', $1, ' NORTHWIND '), ('agency', $1, 'Contoso')`,
      [superId],
    );

    const error = await migrateUp(scratch.admin, { dir: MIGRATIONS_DIR }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect(error).toMatchObject({
      code: 'MIGRATION_FAILED',
      file: '021_sibling_names_audit_people.sql',
    });
    expect((error as MigrationError).pgMessage).toBe(
      `021 pre-check failed: sibling workspaces share a name; rename one of each, then re-run: ' NORTHWIND ' (2 workspaces under parent ${superId})`,
    );
    expect(await schemaVersion(scratch.admin)).toBe(20);

    await scratch.admin.query(
      "update public.workspaces set name = 'Northwind East' where name = ' NORTHWIND '",
    );
    await migrateUp(scratch.admin, { dir: MIGRATIONS_DIR, to: 21 });
    expect(await schemaVersion(scratch.admin)).toBe(21);
  },
);
