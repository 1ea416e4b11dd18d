import type { WriteConflicts } from '@aiconnected/access';
import { ShellError } from '@aiconnected/sdk-contracts';

/**
 * The unique keys of workspace writes (`translateWriteError`): a sibling's name
 * (`workspaces_parent_name_key`, migration 021) or the slug's unique key -> `CONFLICT`.
 * Sibling names are checked by the database alone: whoever renames, even an admin who cannot
 * see the siblings.
 */
export const WORKSPACE_WRITE_CONFLICTS: WriteConflicts = {
  workspaces_parent_name_key: (what, cause) =>
    new ShellError('CONFLICT', `${what}: a sibling workspace has this name`, {
      userMessage: 'A workspace with this name already exists here.',
      details: { field: 'name' },
      cause,
    }),
  workspaces_slug_key: (what, cause) =>
    new ShellError('CONFLICT', `${what}: slug taken concurrently`, {
      userMessage: 'Another workspace with this name was created at the same time. Try again.',
      cause,
    }),
};
