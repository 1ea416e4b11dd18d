import { ShellError } from '@aiconnected/sdk-contracts';

function pgCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function pgConstraint(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('constraint' in error)) return undefined;
  return typeof error.constraint === 'string' ? error.constraint : undefined;
}

/**
 * Turns the database's refusal of a workspace write into the stable code a client can act
 * on: RLS or a trigger (`42501`) -> `PERMISSION_DENIED`; a sibling's name
 * (`workspaces_parent_name_key`, migration 021) or the slug's unique key -> `CONFLICT`.
 * Sibling names are checked by the database alone: whoever renames, even an admin who cannot
 * see the siblings. Anything else is rethrown unchanged (an internal error).
 */
export function translateWriteError(error: unknown, what: string): never {
  const code = pgCode(error);
  if (code === '42501') {
    throw new ShellError('PERMISSION_DENIED', `${what}: refused by row-level security`, {
      cause: error,
    });
  }
  if (code === '23505' && pgConstraint(error) === 'workspaces_parent_name_key') {
    throw new ShellError('CONFLICT', `${what}: a sibling workspace has this name`, {
      userMessage: 'A workspace with this name already exists here.',
      details: { field: 'name' },
      cause: error,
    });
  }
  if (code === '23505' && pgConstraint(error) === 'workspaces_slug_key') {
    throw new ShellError('CONFLICT', `${what}: slug taken concurrently`, {
      userMessage: 'Another workspace with this name was created at the same time. Try again.',
      cause: error,
    });
  }
  throw error;
}
