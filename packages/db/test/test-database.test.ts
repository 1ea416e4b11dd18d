import { listMigrations, MIGRATIONS_DIR, migrationStatus, schemaVersion } from '@aiconnected/db';
import { createTestDatabase } from '@aiconnected/db/testing';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';

/** Whether a database of that name exists, asked on the run's admin connection. */
async function databaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: inject('shellTestDatabaseServer').adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query('select 1 from pg_database where datname = $1', [name]);
    return rows.length === 1;
  } finally {
    await client.end();
  }
}

describe('createTestDatabase', () => {
  it('clones the template migrated with the real migrations', async () => {
    const test = await createTestDatabase();
    try {
      const migrations = await listMigrations(MIGRATIONS_DIR);
      expect(await schemaVersion(test.admin)).toBe(migrations.at(-1)?.version ?? null);
      const status = await migrationStatus(test.admin, { dir: MIGRATIONS_DIR });
      expect(status.filter((entry) => entry.state !== 'applied')).toStrictEqual([]);
    } finally {
      await test.drop();
    }
  });

  it('gives parallel callers separate databases, and drop() removes them', async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    try {
      expect(a.name).not.toBe(b.name);
      await a.admin.query('create table only_in_a (id int)');
      const { rows } = await b.admin.query("select to_regclass('only_in_a') as t");
      expect(rows).toStrictEqual([{ t: null }]);
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
    expect(await databaseExists(a.name)).toBe(false);
    expect(await databaseExists(b.name)).toBe(false);
    await expect(a.drop()).resolves.toBeUndefined();
  });

  it('creates an empty database on request', async () => {
    const test = await createTestDatabase({ empty: true });
    try {
      expect(await schemaVersion(test.admin)).toBeNull();
    } finally {
      await test.drop();
    }
  });

  it('keeps the template closed to connections, so cloning never races a session', async () => {
    const { templateDatabase, adminUrl } = inject('shellTestDatabaseServer');
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      const { rows } = await client.query(
        'select datistemplate, datallowconn from pg_database where datname = $1',
        [templateDatabase],
      );
      expect(rows).toStrictEqual([{ datistemplate: true, datallowconn: false }]);
    } finally {
      await client.end();
    }
  });
});
