import type pg from 'pg';
import { MigrationError } from './migration-error';
import { runInTransaction, type MigrationStep } from './tracking';

/**
 * Runs one migration file (up or down) with its tracking change in one transaction and
 * times it. A Postgres error becomes a `MigrationError` naming the file, with the line the
 * error points at when Postgres reports a position.
 */
export async function runMigrationFile(
  client: pg.PoolClient,
  step: Omit<MigrationStep, 'durationMs'>,
  sql: string,
  track: (client: pg.PoolClient) => Promise<void>,
): Promise<MigrationStep> {
  const started = performance.now();
  try {
    await runInTransaction(client, async (tx) => {
      await tx.query(sql);
      await track(tx);
    });
  } catch (error) {
    const pgMessage = error instanceof Error ? error.message : String(error);
    const line = lineOfPosition(sql, error);
    throw new MigrationError(
      'MIGRATION_FAILED',
      `Migration ${step.file} failed: ${pgMessage}${line === null ? '' : ` (line ${line})`}`,
      { file: step.file, pgMessage, cause: error },
    );
  }
  return { ...step, durationMs: Math.round(performance.now() - started) };
}

/** pg reports syntax errors with a 1-based character `position` into the query text. */
function lineOfPosition(sql: string, error: unknown): number | null {
  const position =
    typeof error === 'object' && error !== null && 'position' in error
      ? Number((error as { position?: unknown }).position)
      : NaN;
  if (!Number.isInteger(position) || position < 1) return null;
  return sql.slice(0, position - 1).split('\n').length;
}
