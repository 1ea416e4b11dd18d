import { ShellError } from '@aiconnected/sdk-contracts';

/**
 * What the violation of each unique constraint a domain writes against means to a client:
 * constraint name -> the `CONFLICT` to throw (`what` names the write, `cause` is the
 * database's error).
 */
export type WriteConflicts = Readonly<Record<string, (what: string, cause: unknown) => ShellError>>;

function pgField(
  error: unknown,
  field: 'code' | 'constraint' | 'message' | 'detail',
): string | undefined {
  if (typeof error !== 'object' || error === null || !(field in error)) return undefined;
  const value: unknown = (error as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Turns the database's refusal of a write into the stable code a client can act on, the one
 * place where Postgres errors become `ShellError`s: RLS or a trigger (`42501`) ->
 * `PERMISSION_DENIED` (the code checks passed, the second layer refused); a unique violation
 * (`23505`) of a constraint in `conflicts` -> its `CONFLICT` (a concurrent request, or a rule
 * only the database can check, e.g. sibling names); a foreign key violation (`23503`) ->
 * `CONFLICT`: `still_referenced` when the write removed (or re-keyed) a row something else
 * still refers to (Postgres's "update or delete on table ..." / "is still referenced"),
 * otherwise `referenced_row_gone` (a row the write names was removed meanwhile); a
 * serialization failure or deadlock (`40001`, `40P01`) -> `CONFLICT` `concurrent_write`.
 * Each has a `userMessage`. Anything else is rethrown unchanged (an internal error).
 */
export function translateWriteError(
  error: unknown,
  what: string,
  conflicts: WriteConflicts,
): never {
  const code = pgField(error, 'code');
  if (code === '42501') {
    throw new ShellError('PERMISSION_DENIED', `${what}: refused by row-level security`, {
      cause: error,
    });
  }
  if (code === '23503' && isStillReferenced(error)) {
    // The write removed a row another row still refers to (something was added meanwhile).
    throw new ShellError('CONFLICT', `${what}: another row still refers to it`, {
      userMessage:
        'This is still in use by something else, so it cannot be removed. Refresh and try again.',
      details: { reason: 'still_referenced' },
      cause: error,
    });
  }
  if (code === '23503') {
    // A row the write refers to was removed between the checks and the write (a revoked
    // invitation's user, an expired event): the state changed under the request.
    throw new ShellError('CONFLICT', `${what}: a row it refers to is gone`, {
      userMessage: 'Something this change refers to was removed meanwhile. Refresh and try again.',
      details: { reason: 'referenced_row_gone' },
      cause: error,
    });
  }
  if (code === '40001' || code === '40P01') {
    throw new ShellError('CONFLICT', `${what}: lost to a concurrent write (${code})`, {
      userMessage: 'Someone else changed this at the same time. Try again.',
      details: { reason: 'concurrent_write' },
      cause: error,
    });
  }
  const constraint = pgField(error, 'constraint');
  const conflict =
    code === '23505' && constraint !== undefined && Object.hasOwn(conflicts, constraint)
      ? conflicts[constraint]
      : undefined;
  if (conflict !== undefined) throw conflict(what, error);
  throw error;
}

/** A 23503 raised by removing (or re-keying) a row that is still referenced, not by a reference. */
function isStillReferenced(error: unknown): boolean {
  return (
    (pgField(error, 'message')?.startsWith('update or delete on table') ?? false) ||
    (pgField(error, 'detail')?.includes('is still referenced') ?? false)
  );
}
