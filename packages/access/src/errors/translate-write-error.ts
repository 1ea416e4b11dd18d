import { ShellError } from '@aiconnected/sdk-contracts';

/**
 * What the violation of each unique constraint a domain writes against means to a client:
 * constraint name -> the `CONFLICT` to throw (`what` names the write, `cause` is the
 * database's error).
 */
export type WriteConflicts = Readonly<Record<string, (what: string, cause: unknown) => ShellError>>;

function pgField(error: unknown, field: 'code' | 'constraint'): string | undefined {
  if (typeof error !== 'object' || error === null || !(field in error)) return undefined;
  const value: unknown = (error as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Turns the database's refusal of a write into the stable code a client can act on, the one
 * place where Postgres errors become `ShellError`s: RLS or a trigger (`42501`) ->
 * `PERMISSION_DENIED` (the code checks passed, the second layer refused); a unique violation
 * (`23505`) of a constraint in `conflicts` -> its `CONFLICT` (a concurrent request, or a rule
 * only the database can check, e.g. sibling names). Anything else is rethrown unchanged (an
 * internal error).
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
  const constraint = pgField(error, 'constraint');
  const conflict =
    code === '23505' && constraint !== undefined && Object.hasOwn(conflicts, constraint)
      ? conflicts[constraint]
      : undefined;
  if (conflict !== undefined) throw conflict(what, error);
  throw error;
}
