import type pg from 'pg';

/**
 * Every user-visible object of the database (schemas, relations, functions, types), as
 * sorted `kind schema.name` lines: equal snapshots mean a migration left nothing behind.
 */
export async function snapshotCatalog(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ line: string }>(`
    with user_namespaces as (
      select oid, nspname from pg_namespace
       where nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
         and nspname not like 'pg_temp_%' and nspname not like 'pg_toast_temp_%'
    )
    select 'schema ' || nspname as line from user_namespaces
    union all
    select 'relation ' || n.nspname || '.' || c.relname
      from pg_class c join user_namespaces n on n.oid = c.relnamespace
    union all
    select 'function ' || n.nspname || '.' || p.proname
      from pg_proc p join user_namespaces n on n.oid = p.pronamespace
    union all
    select 'type ' || n.nspname || '.' || t.typname
      from pg_type t join user_namespaces n on n.oid = t.typnamespace
    order by 1`);
  return rows.map((row) => row.line);
}
