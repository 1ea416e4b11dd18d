import type { Tx } from '@aiconnected/db';

/** Column values of one new row. Objects become jsonb; never pass arrays (pg sends them as SQL arrays). */
export type Row = Record<string, unknown>;

function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The INSERT statement and parameters for `values` into `public.<table>`. */
export function insertStatement(table: string, values: Row): { sql: string; params: unknown[] } {
  const columns = Object.keys(values);
  const placeholders = columns.map((_, index) => `$${index + 1}`);
  return {
    sql: `insert into public.${ident(table)} (${columns.map(ident).join(', ')}) values (${placeholders.join(', ')})`,
    params: Object.values(values),
  };
}

/** Inserts `values` into `public.<table>` and returns the new row's id (run as service: RETURNING needs read access). */
export async function insertRow(tx: Tx, table: string, values: Row): Promise<string> {
  const { sql, params } = insertStatement(table, values);
  const { rows } = await tx.query<{ id: string }>(`${sql} returning id`, params);
  const [row] = rows;
  if (!row) throw new Error(`insert into ${table} returned no id`);
  return row.id;
}

/** `update public.<table> set <column> = $1 where id = any($2)`. */
export function updateStatement(table: string, column: string): string {
  return `update public.${ident(table)} set ${ident(column)} = $1 where id = any($2::uuid[])`;
}

/** `delete from public.<table> where id = any($1)`. */
export function deleteStatement(table: string): string {
  return `delete from public.${ident(table)} where id = any($1::uuid[])`;
}

/** `select id from public.<table> where id = any($1)`. */
export function selectIdsStatement(table: string): string {
  return `select id from public.${ident(table)} where id = any($1::uuid[])`;
}

/** The full rows with `ids` as JSON text keyed by id (run as service to see past RLS). */
export async function snapshotRows(
  tx: Tx,
  table: string,
  ids: string[],
): Promise<Map<string, string>> {
  const { rows } = await tx.query<{ id: string; row: string }>(
    `select t.id, to_jsonb(t)::text as row from public.${ident(table)} t where t.id = any($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((row) => [row.id, row.row]));
}
