import type pg from 'pg';

/**
 * Where test rows are written: the test superuser's pool (`TestDatabase.admin`, around RLS) or
 * a service transaction (`db.withService`). Both bypass the tenant checks a seed must not meet.
 */
export interface SeedTarget {
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/** Runs an `insert ... returning id` that must write exactly one row; returns that id. */
export async function insertReturningId(
  target: SeedTarget,
  sql: string,
  values: unknown[],
): Promise<string> {
  const { rows } = await target.query<{ id: string }>(sql, values);
  const [row] = rows;
  if (rows.length !== 1 || row === undefined) {
    throw new Error(`expected one inserted row, got ${rows.length}: ${sql}`);
  }
  return row.id;
}
