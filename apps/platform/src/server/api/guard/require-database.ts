import type { Db } from '@aiconnected/db';
import { ShellError } from '@aiconnected/sdk-contracts';

/**
 * The database of a route that cannot answer without one. A process without `DATABASE_URL`
 * still serves health and docs; everything else fails with INTERNAL_ERROR (logged), since
 * the caller can do nothing about it.
 */
export function requireDatabase(deps: { db: Db | null }): Db {
  if (!deps.db)
    throw new ShellError('INTERNAL_ERROR', 'the database is not configured (DATABASE_URL)');
  return deps.db;
}

/**
 * A database-backed service of `ApiDeps` (mailer, rate limiter), which is null exactly when
 * the database is: same INTERNAL_ERROR as `requireDatabase`.
 */
export function requireConfigured<T>(service: T | null, name: string): T {
  if (service === null) {
    throw new ShellError(
      'INTERNAL_ERROR',
      `${name} is unavailable: the database is not configured`,
    );
  }
  return service;
}
