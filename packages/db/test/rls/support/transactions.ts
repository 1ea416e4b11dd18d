import type { Db, Tx } from '@aiconnected/db';
import type { WorkspaceContext } from '@aiconnected/sdk-contracts';
import type pg from 'pg';

/** What one attempted statement did: `ok` with its row count, or the SQLSTATE it failed with. */
export type Outcome = { ok: true; rowCount: number } | { ok: false; code: string; message: string };

/** Thrown to roll a probe's transaction back; recognised by identity. */
const ROLLBACK = new Error('rls matrix: roll back');

/**
 * Runs `fn` inside `db.withWorkspace(context)` (role `authenticated`, the context's claims)
 * and always rolls the transaction back, so checks that write never leak into each other.
 */
export async function inRolledBackWorkspace<T>(
  db: Db,
  context: WorkspaceContext,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  const box: { value?: T } = {};
  try {
    await db.withWorkspace(context, async (tx) => {
      box.value = await fn(tx);
      throw ROLLBACK;
    });
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
  if (!('value' in box)) throw new Error('rolled-back transaction returned nothing');
  return box.value as T;
}

/** Runs `fn` inside `db.withService(reason)` and always rolls the transaction back. */
export async function inRolledBackService<T>(
  db: Db,
  reason: string,
  fn: (svc: Tx) => Promise<T>,
): Promise<T> {
  const box: { value?: T } = {};
  try {
    await db.withService(reason, async (svc) => {
      box.value = await fn(svc);
      throw ROLLBACK;
    });
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
  if (!('value' in box)) throw new Error('rolled-back transaction returned nothing');
  return box.value as T;
}

/**
 * Runs `fn` as `service_role` inside a request transaction, then returns to
 * `authenticated`. SET ROLE is checked against the session user (the test superuser), so
 * this lets setup and inspection share the request's transaction; request code never can.
 */
export async function asService<T>(tx: Tx, fn: (svc: Tx) => Promise<T>): Promise<T> {
  await tx.query('set local role service_role');
  const result = await fn(tx);
  await tx.query('set local role authenticated');
  return result;
}

/** Runs one statement under a savepoint; a failure is rolled back to it and reported, not thrown. */
export async function attempt(tx: Tx, sql: string, params: unknown[] = []): Promise<Outcome> {
  await tx.query('savepoint rls_attempt');
  try {
    const result = await tx.query(sql, params);
    await tx.query('release savepoint rls_attempt');
    return { ok: true, rowCount: result.rowCount ?? 0 };
  } catch (error) {
    await tx.query('rollback to savepoint rls_attempt');
    const { code, message } = error as { code?: string; message?: string };
    return { ok: false, code: code ?? 'unknown', message: message ?? String(error) };
  }
}

/** Runs `fn` and undoes everything it did (rows, SET LOCAL ROLE) by rolling back to a savepoint. */
export async function thenUndo<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
  await tx.query('savepoint rls_undo');
  try {
    return await fn();
  } finally {
    await tx.query('rollback to savepoint rls_undo');
  }
}

/** A compact form of an outcome for expectations: `ok`, `ok:<rows>` or the SQLSTATE. */
export function summarize(outcome: Outcome, withRowCount = false): string {
  if (!outcome.ok) return outcome.code;
  return withRowCount ? `ok:${outcome.rowCount}` : 'ok';
}

/**
 * Runs `fn` as `anon` with no claims on a superuser connection, in a transaction that is
 * always rolled back (what an unauthenticated PostgREST request would be).
 */
export async function asAnon<T>(
  admin: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await admin.connect();
  try {
    await client.query('begin');
    await client.query("select set_config('request.jwt.claims', '', true)");
    await client.query('set local role anon');
    return await fn(client);
  } finally {
    await client.query('rollback');
    client.release();
  }
}
