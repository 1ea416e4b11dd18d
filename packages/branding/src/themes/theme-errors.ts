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

/** A workspace that set one side of a failing pair (null: the built-in default). */
export interface PairSource {
  workspace_id: string | null;
  name: string | null;
}

/** A failing pair and who set its two colours. */
export interface SourcedContrastProblem extends ContrastProblem {
  foreground_source: PairSource;
  background_source: PairSource;
  /** Both colours come from ancestors (or defaults): an ancestor's change caused it. */
  inherited: boolean;
}

/**
 * The effective theme after the change has text below WCAG AA on its background. A pair whose
 * two colours the workspace does not set comes from an ancestor's change: the message says so
 * and names it, so the editor knows which tokens of its own to set (or whom to ask).
 */
export function contrastTooLow(problems: readonly SourcedContrastProblem[]): ShellError {
  const ancestors = [
    ...new Set(
      problems
        .filter((problem) => problem.inherited)
        .flatMap((problem) => [problem.foreground_source.name, problem.background_source.name])
        .filter((name): name is string => name !== null),
    ),
  ];
  const inheritedOnly = problems.every((problem) => problem.inherited);
  return new ShellError(
    'VALIDATION_BLOCKING',
    `theme contrast below AA in ${problems.length} pairs`,
    {
      userMessage: inheritedOnly
        ? `Some text would be hard to read because of colours set by ${
            ancestors.length > 0 ? ancestors.join(' and ') : 'the default theme'
          }: set your own value for one colour of each pair listed, or ask them to change theirs.`
        : 'Some text would be hard to read: raise the contrast of the pairs listed.',
      details: {
        issues: problems.map((problem) => ({
          path: `body.theme_tokens.${problem.mode}.${problem.foreground}`,
          message:
            `Contrast with ${problem.background} is ${problem.ratio}:1, below ${problem.required}:1` +
            (problem.inherited
              ? ` (both colours come from ${problem.foreground_source.name ?? 'the default theme'}${
                  problem.background_source.name !== problem.foreground_source.name
                    ? ` and ${problem.background_source.name ?? 'the default theme'}`
                    : ''
                })`
              : ''),
        })),
        contrast: problems.map((problem) => ({
          ...problem,
          foreground_source: { ...problem.foreground_source },
          background_source: { ...problem.background_source },
        })),
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
