import { ShellError, TEXT_PROBLEM_MESSAGES, textProblem } from '@aiconnected/sdk-contracts';

/** The longest workspace name (`workspaces_name_check`). */
export const WORKSPACE_NAME_MAX = 200;
/** Slugs are at most 63 characters; the base leaves room for a `-N` suffix. */
const SLUG_BASE_MAX = 56;

/** Spaces and characters that show nothing (zero-width spaces, word joiners) at either end. */
const INVISIBLE_ENDS =
  /^[\p{White_Space}\p{Default_Ignorable_Code_Point}]+|[\p{White_Space}\p{Default_Ignorable_Code_Point}]+$/gu;

/**
 * The name as stored and compared with its siblings' (`workspaces_parent_name_key`), so two
 * names that look the same are the same: NFKC (full-width and other compatibility forms to
 * their plain letters), every run of white space one space, nothing invisible at either end.
 * `VALIDATION_BLOCKING` when it is empty, too long or not text (`textProblem`: a control
 * character, a lone surrogate, nothing visible).
 */
export function normalizeWorkspaceName(name: string): string {
  const trimmed = name.trim();
  const problem = trimmed.length === 0 ? null : textProblem(trimmed);
  if (problem !== null) {
    throw new ShellError('VALIDATION_BLOCKING', `workspace name is not text: ${problem}`, {
      details: { issues: [{ path: 'body.name', message: TEXT_PROBLEM_MESSAGES[problem] }] },
    });
  }
  // NFKC can lengthen a name (one ligature, several letters): the limit applies to what is stored.
  const canonical = trimmed.normalize('NFKC').replace(INVISIBLE_ENDS, '').replace(/\s+/gu, ' ');
  if (canonical.length === 0 || canonical.length > WORKSPACE_NAME_MAX) {
    throw new ShellError('VALIDATION_BLOCKING', 'workspace name is empty or too long', {
      details: {
        issues: [{ path: 'body.name', message: `Must be 1-${WORKSPACE_NAME_MAX} characters` }],
      },
    });
  }
  return canonical;
}

/**
 * The lower-kebab slug base of a name (`Northwind Dental, Inc.` -> `northwind-dental-inc`):
 * accents folded, every other character a separator. A name without a single latin letter
 * or digit gets `workspace`, which `claimWorkspaceSlug` then makes unique.
 */
export function slugifyWorkspaceName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, SLUG_BASE_MAX)
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'workspace' : slug;
}
