'use client';

import { useId, useState } from 'react';
import { FileInput } from 'lucide-react';
import {
  Button,
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
  Label,
  Textarea,
  toast,
} from '@aiconnected/ui';
import {
  parseTweakcnCss,
  type CssImportProblem,
  type ResolvedTheme,
  type ThemeOverlay,
  type ThemeToken,
} from '@aiconnected/theme';
import { lockedAbove } from './source-names';

interface Change {
  section: 'light' | 'dark' | 'shared';
  token: ThemeToken;
  from: string;
  to: string;
  locked: boolean;
}

/** What applying `overlay` would change in `current`: only differing values, locked ones flagged. */
function changesOf(overlay: ThemeOverlay, current: ResolvedTheme, workspaceId: string): Change[] {
  const changes: Change[] = [];
  for (const section of ['light', 'dark', 'shared'] as const) {
    const entries = current[section] as Record<string, ResolvedTheme['shared']['radius']>;
    for (const [token, to] of Object.entries(overlay[section] ?? {})) {
      const entry = entries[token];
      if (!entry || entry.value === to) continue;
      changes.push({
        section,
        token: token as ThemeToken,
        from: entry.value,
        to,
        locked: lockedAbove(entry, workspaceId),
      });
    }
  }
  return changes;
}

function toOverlay(changes: Change[]): ThemeOverlay {
  const overlay: ThemeOverlay = {};
  for (const change of changes) {
    if (change.locked) continue;
    (overlay[change.section] as Record<string, string> | undefined) ??= {};
    (overlay[change.section] as Record<string, string>)[change.token] = change.to;
  }
  return overlay;
}

const SECTION_LABELS = { light: 'light', dark: 'dark', shared: 'both modes' } as const;

/**
 * Paste TweakCN's CSS, see exactly what it would change (and what it cannot: unknown
 * variables, unusable values, tokens a parent locked), then apply it to the draft. Nothing is
 * saved until the person saves the theme.
 */
export function TweakcnImportDialog({
  current,
  workspaceId,
  onApply,
}: {
  current: ResolvedTheme;
  workspaceId: string;
  onApply: (overlay: ThemeOverlay) => void;
}) {
  const textId = useId();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [result, setResult] = useState<{ changes: Change[]; problems: CssImportProblem[] } | null>(
    null,
  );

  function read() {
    const parsed = parseTweakcnCss(text);
    setResult({
      changes: changesOf(parsed.overlay, current, workspaceId),
      problems: parsed.problems,
    });
  }

  const applicable = result?.changes.filter((change) => !change.locked) ?? [];

  function apply() {
    if (!result) return;
    onApply(toOverlay(result.changes));
    toast.success(
      `${applicable.length} ${applicable.length === 1 ? 'value' : 'values'} applied to the draft. Review the preview, then save.`,
    );
    setOpen(false);
    setText('');
    setResult(null);
  }

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button type="button" variant="outline">
          <FileInput aria-hidden="true" />
          Import from TweakCN
        </Button>
      </DialogTrigger>
      <DialogContent className="max-h-[90vh] overflow-y-auto sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>Import TweakCN CSS</DialogTitle>
          <DialogDescription>
            In TweakCN choose Code, Tailwind v3 (or v4), copy the CSS and paste it here. You see
            what changes before anything is applied.
          </DialogDescription>
        </DialogHeader>
        <div className="space-y-2">
          <Label htmlFor={textId}>CSS</Label>
          <Textarea
            id={textId}
            value={text}
            rows={8}
            spellCheck={false}
            className="font-mono text-xs"
            placeholder={
              ':root {\n  --primary: 221 83% 53%;\n}\n.dark {\n  --primary: 217 91% 60%;\n}'
            }
            onChange={(event) => {
              setText(event.target.value);
              setResult(null);
            }}
          />
        </div>
        {result ? (
          <div className="space-y-3 text-sm" aria-live="polite">
            <p className="font-medium">
              {applicable.length === 0
                ? 'Nothing to change: every value is already the same, locked, or unusable.'
                : `${applicable.length} ${applicable.length === 1 ? 'value changes' : 'values change'}:`}
            </p>
            {result.changes.length > 0 ? (
              <ul className="max-h-56 space-y-1 overflow-y-auto rounded-md border p-2 font-mono text-xs">
                {result.changes.map((change) => (
                  <li
                    key={`${change.section}.${change.token}`}
                    className={change.locked ? 'text-muted-foreground line-through' : undefined}
                  >
                    --{change.token} ({SECTION_LABELS[change.section]}): {change.from} → {change.to}
                    {change.locked ? ' (locked by a parent workspace: skipped)' : ''}
                  </li>
                ))}
              </ul>
            ) : null}
            {result.problems.length > 0 ? (
              <div className="space-y-1">
                <p className="font-medium">Not imported:</p>
                <ul className="list-disc space-y-1 pl-5 text-muted-foreground">
                  {result.problems.map((problem, index) => (
                    <li key={index}>
                      {problem.variable ? (
                        <span className="font-mono">{problem.variable}</span>
                      ) : null}
                      {problem.mode ? ` (${problem.mode})` : ''}
                      {problem.variable ? ': ' : ''}
                      {problem.message}
                      {problem.line ? ` (line ${problem.line})` : ''}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </div>
        ) : null}
        <DialogFooter className="gap-2">
          <Button type="button" variant="outline" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          {result && applicable.length > 0 ? (
            <Button type="button" onClick={apply}>
              Apply {applicable.length} to the draft
            </Button>
          ) : (
            <Button type="button" onClick={read} disabled={text.trim() === ''}>
              Show changes
            </Button>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
