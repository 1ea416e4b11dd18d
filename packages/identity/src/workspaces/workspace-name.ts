import { ShellError, TEXT_PROBLEM_MESSAGES, textProblem } from '@aiconnected/sdk-contracts';

/** The longest workspace name (`workspaces_name_check`). */
export const WORKSPACE_NAME_MAX = 200;
/** Slugs are at most 63 characters; the base leaves room for a `-N` suffix. */
const SLUG_BASE_MAX = 56;

/**
 * The trimmed name, or `VALIDATION_BLOCKING` when it is empty, too long or not text
 * (`textProblem`: a control character, a lone surrogate, nothing visible).
 */
export function normalizeWorkspaceName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > WORKSPACE_NAME_MAX) {
    throw new ShellError('VALIDATION_BLOCKING', 'workspace name is empty or too long', {
      details: {
        issues: [{ path: 'body.name', message: `Must be 1-${WORKSPACE_NAME_MAX} characters` }],
      },
    });
  }
  const problem = textProblem(trimmed);
  if (problem !== null) {
    throw new ShellError('VALIDATION_BLOCKING', `workspace name is not text: ${problem}`, {
      details: { issues: [{ path: 'body.name', message: TEXT_PROBLEM_MESSAGES[problem] }] },
    });
  }
  return trimmed;
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
