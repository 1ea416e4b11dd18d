'use client';

import { Lock, LockOpen, RotateCcw } from 'lucide-react';
import { Button } from '@aiconnected/ui';

/** Lock toggle (for descendants) and "use the inherited value" for one token. */
export function TokenActions({
  token,
  canLock,
  locked,
  onLock,
  canReset,
  onReset,
  disabled,
}: {
  token: string;
  canLock: boolean;
  locked: boolean;
  onLock: (locked: boolean) => void;
  canReset: boolean;
  onReset: () => void;
  disabled: boolean;
}) {
  return (
    <div className="flex items-center gap-1">
      {canReset ? (
        <Button
          type="button"
          variant="ghost"
          size="sm"
          onClick={onReset}
          disabled={disabled}
          title="Use the inherited value"
        >
          <RotateCcw aria-hidden="true" />
          {/* The accessible name starts with the visible word (WCAG 2.5.3). */}
          <span className="sr-only sm:not-sr-only">Inherit</span>
          <span className="sr-only"> {token}</span>
        </Button>
      ) : null}
      {canLock ? (
        <Button
          type="button"
          variant={locked ? 'secondary' : 'ghost'}
          size="sm"
          aria-pressed={locked}
          onClick={() => onLock(!locked)}
          disabled={disabled}
          title={locked ? 'Child workspaces cannot change it' : 'Child workspaces may change it'}
        >
          {locked ? <Lock aria-hidden="true" /> : <LockOpen aria-hidden="true" />}
          {/* A toggle keeps one name; aria-pressed (and the icon) say whether it is on. */}
          <span>Lock</span>
          <span className="sr-only"> {token} for child workspaces</span>
        </Button>
      ) : null}
    </div>
  );
}
