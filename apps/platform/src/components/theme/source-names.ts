import type { ContrastProblem, ResolvedTheme, ResolvedToken } from '@aiconnected/theme';
import type { ThemeState } from '@aiconnected/sdk-contracts';

/** Who may see which workspace names: the chain of the edited workspace, root first. */
export interface SourceNames {
  workspaceId: string;
  /** workspace id -> how to name it ("the platform baseline", "Acme Agency"). */
  names: Record<string, string>;
}

/** The names of the edited workspace's chain as the theme API answered it. */
export function sourceNames(state: ThemeState): SourceNames {
  return {
    workspaceId: state.workspace_id,
    names: Object.fromEntries(
      state.chain.map((level) => [
        level.workspace_id,
        level.type === 'super' ? 'the platform baseline' : level.name,
      ]),
    ),
  };
}

/** Whether an ancestor (not the edited workspace) locked the token: it is read-only here. */
export function lockedAbove(entry: ResolvedToken, workspaceId: string): boolean {
  return entry.locked_by !== undefined && entry.locked_by !== workspaceId;
}

/** How to name a workspace of the chain; an id outside it is only "a parent workspace". */
export function workspaceName(id: string, context: SourceNames): string {
  return context.names[id] ?? 'a parent workspace';
}

/** Where one colour of a failing pair comes from, in words. */
export function sourceText(entry: ResolvedToken, context: SourceNames): string {
  const id = entry.source_workspace_id;
  const from =
    id === context.workspaceId
      ? 'set here'
      : id === null
        ? 'the default'
        : `from ${workspaceName(id, context)}`;
  return lockedAbove(entry, context.workspaceId)
    ? `${from}, locked by ${workspaceName(entry.locked_by ?? '', context)}`
    : from;
}

function inheritedAdvice(fg: ResolvedToken, bg: ResolvedToken, workspaceId: string): string | null {
  if (fg.source_workspace_id === workspaceId || bg.source_workspace_id === workspaceId) return null;
  if (lockedAbove(fg, workspaceId) && lockedAbove(bg, workspaceId)) {
    return 'Neither colour is set here and both are locked: ask whoever locked them to change one.';
  }
  return 'Neither colour is set here: set your own value for one of them.';
}

/** A failing pair as the editor lists it: the ratio and who set each of its two colours. */
export interface ContrastPairView {
  key: string;
  pair: string;
  ratio: string;
  text: string;
  surface: string;
  /** What to do when neither colour is set here (an ancestor's value caused it); else null. */
  advice: string | null;
}

/**
 * Each failing pair of the draft with where its text and background colours come from (this
 * workspace, which ancestor, or the default), like the API's refusal of the same save says.
 */
export function contrastPairViews(
  problems: readonly ContrastProblem[],
  preview: ResolvedTheme,
  context: SourceNames,
): ContrastPairView[] {
  return problems.map((p) => {
    const fg = preview[p.mode][p.foreground];
    const bg = preview[p.mode][p.background];
    return {
      key: `${p.mode}.${p.background}`,
      pair: `${p.foreground} on ${p.background} (${p.mode})`,
      ratio: `${p.ratio}:1, needs ${p.required}:1`,
      text: sourceText(fg, context),
      surface: sourceText(bg, context),
      advice: inheritedAdvice(fg, bg, context.workspaceId),
    };
  });
}
