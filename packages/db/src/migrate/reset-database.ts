import type pg from 'pg';

/**
 * Drops every object of the shell (the `public` schema's contents, the `shell` helper schema
 * and the migration tracking schema) so the database can be migrated from scratch. For local
 * databases only: callers refuse it elsewhere. Roles are cluster-wide and stay.
 */
export async function resetDatabase(pool: pg.Pool): Promise<void> {
  await pool.query(`
    drop schema if exists shell_migrations cascade;
    drop schema if exists shell cascade;
    drop schema if exists public cascade;
    create schema public;
    grant usage on schema public to public;
  `);
}
