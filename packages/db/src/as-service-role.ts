import type { Tx } from './create-db';

const RESET_ROLE = "select set_config('role', 'authenticated', true)";

/**
 * Inside a `withWorkspace` transaction, runs `fn` as `service_role` and then returns to
 * `authenticated`. For the service-only writes that must commit together with a tenant's
 * RLS-checked change, above all its audit row: the change is filtered by RLS, the audit row
 * is written by the service, and both commit or roll back as one. When `fn` fails, its error
 * is the one thrown: after a failed statement the transaction is aborted, the reset fails
 * with `25P02` and must not hide it (the transaction rolls back, so nothing runs as the
 * service after it).
 */
export async function asServiceRole<T>(tx: Tx, reason: string, fn: () => Promise<T>): Promise<T> {
  if (reason.trim() === '') throw new TypeError('asServiceRole requires a non-empty reason');
  await tx.query(
    "select set_config('role', 'service_role', true), set_config('shell.service_reason', $1, true)",
    [reason],
  );
  let result: T;
  try {
    result = await fn();
  } catch (error) {
    await tx.query(RESET_ROLE).catch(() => undefined);
    throw error;
  }
  await tx.query(RESET_ROLE);
  return result;
}
