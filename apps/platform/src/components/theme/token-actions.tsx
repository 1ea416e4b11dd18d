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
          aria-label={`Use the inherited ${token}`}
          title="Use the inherited value"
        >
          <RotateCcw aria-hidden="true" />
          <span className="hidden sm:inline">Inherit</span>
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
          aria-label={`Lock ${token} for child workspaces`}
          title={locked ? 'Child workspaces cannot change it' : 'Let child workspaces change it'}
        >
          {locked ? <Lock aria-hidden="true" /> : <LockOpen aria-hidden="true" />}
          <span>{locked ? 'Locked' : 'Lock'}</span>
        </Button>
      ) : null}
    </div>
  );
}
