import type pg from 'pg';

/** A table of `public` with its row-level security flags. */
export interface CatalogTable {
  name: string;
  rlsEnabled: boolean;
  rlsForced: boolean;
}

export interface CatalogColumn {
  table: string;
  name: string;
  nullable: boolean;
}

/** An index of `public`; `columns` are its key columns in order, `"col DESC"` when descending. */
export interface CatalogIndex {
  table: string;
  name: string;
  unique: boolean;
  partial: boolean;
  predicate: string | null;
  columns: string[];
}

/** A foreign key of `public`; `referencedColumns[i]` is what `columns[i]` points at. */
export interface CatalogForeignKey {
  table: string;
  name: string;
  columns: string[];
  references: string;
  referencedColumns: string[];
}

export interface Catalog {
  tables: CatalogTable[];
  columns: CatalogColumn[];
  indexes: CatalogIndex[];
  foreignKeys: CatalogForeignKey[];
}

/**
 * Reads the shape of `public` from pg_catalog / information_schema, so schema tests assert
 * on what Postgres actually holds rather than on the migration text.
 */
export async function readCatalog(pool: pg.Pool): Promise<Catalog> {
  const [tables, columns, indexes, foreignKeys] = await Promise.all([
    pool.query<CatalogTable>(
      `select relname as name, relrowsecurity as "rlsEnabled", relforcerowsecurity as "rlsForced"
         from pg_class where relnamespace = 'public'::regnamespace and relkind in ('r', 'p')
        order by relname`,
    ),
    pool.query<CatalogColumn>(
      `select table_name as table, column_name as name, is_nullable = 'YES' as nullable
         from information_schema.columns c
         join pg_class t on t.relname = c.table_name and t.relnamespace = 'public'::regnamespace
        where c.table_schema = 'public' and t.relkind in ('r', 'p')
        order by table_name, ordinal_position`,
    ),
    pool.query<CatalogIndex>(
      `select t.relname as table, x.relname as name, i.indisunique as unique,
              i.indpred is not null as partial, pg_get_expr(i.indpred, i.indrelid) as predicate,
              array(select pg_get_indexdef(i.indexrelid, k, true)
                           || case when i.indoption[k - 1] & 1 = 1 then ' DESC' else '' end
                      from generate_series(1, i.indnkeyatts) as k order by k) as columns
         from pg_index i
         join pg_class t on t.oid = i.indrelid
         join pg_class x on x.oid = i.indexrelid
        where t.relnamespace = 'public'::regnamespace
        order by t.relname, x.relname`,
    ),
    pool.query<CatalogForeignKey>(
      `select t.relname as table, c.conname as name, r.relname as references,
              array(select a.attname::text from unnest(c.conkey) with ordinality as k(attnum, n)
                      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
                     order by k.n) as columns,
              array(select a.attname::text from unnest(c.confkey) with ordinality as k(attnum, n)
                      join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum
                     order by k.n) as "referencedColumns"
         from pg_constraint c
         join pg_class t on t.oid = c.conrelid
         join pg_class r on r.oid = c.confrelid
        where c.contype = 'f' and t.relnamespace = 'public'::regnamespace
        order by t.relname, c.conname`,
    ),
  ]);
  return {
    tables: tables.rows,
    columns: columns.rows,
    indexes: indexes.rows,
    foreignKeys: foreignKeys.rows,
  };
}
