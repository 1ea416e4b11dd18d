import { ShellError } from '@aiconnected/sdk-contracts';
import type { ContrastProblem } from '@aiconnected/theme';

/** A value the workspace may not set: an ancestor locks the token. */
export function tokenLocked(
  token: string,
  mode: 'light' | 'dark' | 'shared',
  locker: { id: string; name: string },
): ShellError {
  return new ShellError(
    'PERMISSION_DENIED',
    `theme token ${mode}.${token} is locked by ${locker.id}`,
    {
      userMessage: `“${token}” is locked by ${locker.name}: remove your value for it to save.`,
      details: {
        token,
        mode,
        locked_by_workspace_id: locker.id,
        locked_by_workspace_name: locker.name,
      },
    },
  );
}

/** The effective theme after the change has text below WCAG AA on its background. */
export function contrastTooLow(problems: readonly ContrastProblem[]): ShellError {
  return new ShellError(
    'VALIDATION_BLOCKING',
    `theme contrast below AA in ${problems.length} pairs`,
    {
      userMessage: 'Some text would be hard to read: raise the contrast of the pairs listed.',
      details: {
        issues: problems.map((problem) => ({
          path: `body.theme_tokens.${problem.mode}.${problem.foreground}`,
          message: `Contrast with ${problem.background} is ${problem.ratio}:1, below ${problem.required}:1`,
        })),
        contrast: problems.map((problem) => ({ ...problem })),
      },
    },
  );
}

/** A request field that is not acceptable, as the validation hook words it. */
export function invalidField(
  issues: readonly { path: string; message: string }[],
  what: string,
): ShellError {
  return new ShellError('VALIDATION_BLOCKING', `${what} failed validation`, {
    details: { issues: [...issues] },
  });
}

/**
 * A whole-overlay (or whole-profile) save based on a version that is no longer the latest:
 * saving it would silently drop a colleague's newer changes.
 */
export function staleVersion(what: 'theme' | 'sign-in page', current: number | null): ShellError {
  return new ShellError(
    'CONFLICT',
    `${what} save based on an older version (now ${current ?? 0})`,
    {
      userMessage: `Someone saved this ${what} after you opened it: reload to see their changes, then save again.`,
      details: { current_version: current ?? 0 },
    },
  );
}
