/**
 * A jsonb column holding `SealedSecret`s, as `keys:rotate -- secrets` re-wraps it: the table
 * (schema-qualified), its uuid primary key `id`, the columns the associated data is made of,
 * and how to make it from a row. Each package that seals a column exports its description;
 * the platform lists them all in one place (apps/platform/src/server/sealed-columns.ts).
 */
export interface SealedColumn {
  table: string;
  column: string;
  /** Columns besides `id` that `aad` reads. */
  aadColumns: readonly string[];
  aad(row: Readonly<Record<string, string>>): string;
}
