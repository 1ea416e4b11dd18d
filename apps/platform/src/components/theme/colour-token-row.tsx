'use client';

import { Input, Label } from '@aiconnected/ui';
import {
  CONTRAST_PAIRS,
  colorToHex,
  type ContrastProblem,
  type ModeToken,
  type ThemeMode,
} from '@aiconnected/theme';
import { lockedAbove, type SourceNames } from './source-names';
import { SourceBadge } from './token-source';
import { TokenActions } from './token-actions';
import { fieldKey, type ThemeDraft } from './use-theme-draft';

const MODES: ThemeMode[] = ['light', 'dark'];
const MODE_LABELS: Record<ThemeMode, string> = { light: 'Light', dark: 'Dark' };

/** The pair a token belongs to, so a contrast problem shows on both of its rows. */
const PAIR_OF = new Map<ModeToken, readonly [ModeToken, ModeToken]>(
  CONTRAST_PAIRS.flatMap((pair) => [
    [pair[0], pair],
    [pair[1], pair],
  ]),
);

function ColourField({
  token,
  mode,
  theme,
  context,
  disabled,
  contrastId,
}: {
  token: ModeToken;
  mode: ThemeMode;
  theme: ThemeDraft;
  context: SourceNames;
  disabled: boolean;
  /** The row's contrast note, when its pair fails: read with the field. */
  contrastId: string | undefined;
}) {
  const id = `token-${mode}-${token}`;
  const entry = theme.preview[mode][token];
  const typed = theme.draft[mode]?.[token];
  const error = theme.errors.get(fieldKey(mode, token));
  const hex = colorToHex(entry.value) ?? '#000000';
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, contrastId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="space-y-1.5">
      <div className="flex flex-wrap items-center gap-2">
        <Label htmlFor={id} className="text-xs text-muted-foreground">
          {MODE_LABELS[mode]}
        </Label>
        <SourceBadge entry={entry} context={context} />
      </div>
      <div className="flex items-center gap-2">
        <input
          type="color"
          value={hex}
          disabled={disabled}
          aria-label={`${token}, ${MODE_LABELS[mode].toLowerCase()} mode, colour picker`}
          onChange={(event) => theme.setValue(mode, token, event.target.value)}
          className="h-9 w-10 shrink-0 cursor-pointer rounded-md border border-input bg-background p-1 disabled:cursor-not-allowed disabled:opacity-50"
        />
        <Input
          id={id}
          value={typed ?? entry.value}
          disabled={disabled}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => theme.setValue(mode, token, event.target.value)}
          className="font-mono"
        />
      </div>
      {error ? (
        <p id={errorId} className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function contrastText(problems: ContrastProblem[], token: ModeToken): string | null {
  const pair = PAIR_OF.get(token);
  if (!pair) return null;
  const found = problems.filter((p) => p.background === pair[0] && p.foreground === pair[1]);
  if (found.length === 0) return null;
  return found
    .map(
      (p) =>
        `${p.foreground} on ${p.background} in ${p.mode} mode is ${p.ratio}:1; text needs ${p.required}:1`,
    )
    .join('. ');
}

/** One colour token: light and dark values side by side, where each comes from, and its lock. */
export function ColourTokenRow({
  token,
  theme,
  context,
  canEdit,
  canLock,
}: {
  token: ModeToken;
  theme: ThemeDraft;
  context: SourceNames;
  canEdit: boolean;
  canLock: boolean;
}) {
  const readOnly = !canEdit || lockedAbove(theme.preview.light[token], context.workspaceId);
  const contrast = contrastText(theme.contrast, token);
  const contrastId = `token-${token}-contrast`;
  const isSet = theme.isSet('light', token) || theme.isSet('dark', token);
  return (
    <div className="space-y-3 border-b py-4 last:border-b-0">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h4 className="font-mono text-sm font-medium">--{token}</h4>
        <TokenActions
          token={token}
          canLock={canLock}
          locked={theme.isLocked(token)}
          onLock={(locked) => theme.setLocked(token, locked)}
          canReset={isSet}
          onReset={() => {
            theme.setValue('light', token, undefined);
            theme.setValue('dark', token, undefined);
          }}
          disabled={readOnly}
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        {MODES.map((mode) => (
          <ColourField
            key={mode}
            token={token}
            mode={mode}
            theme={theme}
            context={context}
            disabled={readOnly}
            contrastId={contrast ? contrastId : undefined}
          />
        ))}
      </div>
      {contrast ? (
        // Not a live region: the editor's contrast warning announces changes once for all rows.
        <p id={contrastId} className="text-sm font-medium text-destructive">
          {contrast}
        </p>
      ) : null}
    </div>
  );
}
