import type { Tx } from './create-db';

/**
 * Inside a `withWorkspace` transaction, runs `fn` as `service_role` and then returns to
 * `authenticated`. For the service-only writes that must commit together with a tenant's
 * RLS-checked change, above all its audit row: the change is filtered by RLS, the audit row
 * is written by the service, and both commit or roll back as one.
 */
export async function asServiceRole<T>(tx: Tx, reason: string, fn: () => Promise<T>): Promise<T> {
  if (reason.trim() === '') throw new TypeError('asServiceRole requires a non-empty reason');
  await tx.query("select set_config('role', 'service_role', true), set_config('shell.service_reason', $1, true)", [reason]);
  try {
    return await fn();
  } finally {
    await tx.query("select set_config('role', 'authenticated', true)");
  }
}
