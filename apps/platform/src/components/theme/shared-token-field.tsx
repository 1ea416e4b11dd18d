'use client';

import { FONT_CATALOGUE, FONT_LABELS, type FontLabel, type SharedToken } from '@aiconnected/theme';
import { Input, Label, NativeSelect } from '@aiconnected/ui';
import { FONT_TOKENS } from './token-groups';
import { lockedAbove, type SourceNames } from './source-names';
import { SourceBadge } from './token-source';
import { TokenActions } from './token-actions';
import { fieldKey, type ThemeDraft } from './use-theme-draft';

const CATEGORY_LABELS = { sans: 'Sans serif', serif: 'Serif', mono: 'Monospace' } as const;

function FontOptions() {
  return (
    <>
      {(['sans', 'serif', 'mono'] as const).map((category) => (
        <optgroup key={category} label={CATEGORY_LABELS[category]}>
          {FONT_LABELS.filter(
            (label: FontLabel) => FONT_CATALOGUE[label].category === category,
          ).map((label) => (
            <option key={label} value={label}>
              {label}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}

/** One shared token (radius, font, shadow input, spacing): its value, source and lock. */
export function SharedTokenField({
  token,
  label,
  hint,
  theme,
  context,
  canEdit,
  canLock,
}: {
  token: SharedToken;
  label: string;
  hint: string;
  theme: ThemeDraft;
  context: SourceNames;
  canEdit: boolean;
  canLock: boolean;
}) {
  const id = `token-shared-${token}`;
  const entry = theme.preview.shared[token];
  const readOnly = !canEdit || lockedAbove(entry, context.workspaceId);
  const error = theme.errors.get(fieldKey('shared', token));
  const value = theme.draft.shared?.[token] ?? entry.value;
  const describedBy = `${id}-hint${error ? ` ${id}-error` : ''}`;
  const onChange = (next: string) => theme.setValue('shared', token, next);
  return (
    <div className="space-y-1.5">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <Label htmlFor={id}>{label}</Label>
          <SourceBadge entry={entry} context={context} />
        </div>
        <TokenActions
          token={token}
          canLock={canLock}
          locked={theme.isLocked(token)}
          onLock={(locked) => theme.setLocked(token, locked)}
          canReset={theme.isSet('shared', token)}
          onReset={() => theme.setValue('shared', token, undefined)}
          disabled={readOnly}
        />
      </div>
      {FONT_TOKENS.has(token) ? (
        <NativeSelect
          id={id}
          value={value}
          disabled={readOnly}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value)}
        >
          <FontOptions />
        </NativeSelect>
      ) : (
        <Input
          id={id}
          value={value}
          disabled={readOnly}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value)}
          className="font-mono"
        />
      )}
      <p id={`${id}-hint`} className="text-xs text-muted-foreground">
        {hint}
      </p>
      {error ? (
        <p id={`${id}-error`} className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}
