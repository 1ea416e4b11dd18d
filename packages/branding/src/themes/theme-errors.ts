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
