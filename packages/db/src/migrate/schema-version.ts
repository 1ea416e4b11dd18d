import type pg from 'pg';
import { hasPgCode } from '../pg-error';
import { TRACKING_SCHEMA } from './tracking';

/**
 * The highest applied migration version, or null when none is applied or the database has
 * never been migrated (no tracking table yet). Cheap enough for a health check.
 */
export async function schemaVersion(pool: pg.Pool): Promise<number | null> {
  const exists = await pool.query<{ table: string | null }>(
    `select to_regclass('${TRACKING_SCHEMA}.applied')::text as table`,
  );
  if (exists.rows[0]?.table == null) return null;
  try {
    const { rows } = await pool.query<{ version: number | null }>(
      `select max(version) as version from ${TRACKING_SCHEMA}.applied`,
    );
    return rows[0]?.version ?? null;
  } catch (error) {
    // A concurrent `down --to 0` may drop the table between the two queries.
    if (hasPgCode(error, '42P01')) return null;
    throw error;
  }
}
