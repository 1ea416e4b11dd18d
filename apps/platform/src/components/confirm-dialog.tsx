'use client';

import type { ReactNode } from 'react';
import {
  Button,
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '@aiconnected/ui';
import { FormError } from './form-alerts';
import { useApiAction } from './use-api-action';

type Run = ReturnType<typeof useApiAction>['run'];

/**
 * Confirms one destructive API call (remove a domain, suspend a user): what happens, Cancel,
 * and the action. The call's error shows in the dialog, which stays open; on success it closes
 * and `onConfirmed` runs. Closing forgets the error.
 */
export function ConfirmDialog({
  open,
  onOpenChange,
  onCloseAutoFocus,
  title,
  description,
  confirmLabel,
  request,
  onConfirmed,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Where focus goes when the dialog closes (default: the element that opened it). */
  onCloseAutoFocus?: (event: Event) => void;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  /** The API call, as `useApiAction().run` takes it. */
  request: Parameters<Run>;
  onConfirmed: () => void;
}) {
  const { pending, error, setError, run } = useApiAction();

  /** Every way out (Cancel, Escape, outside click, success) forgets the last call's error. */
  function close() {
    setError(null);
    onOpenChange(false);
  }

  async function confirm() {
    const result = await run(...request);
    if (!result.ok) return;
    close();
    onConfirmed();
  }

  return (
    <Dialog open={open} onOpenChange={(next) => (next ? onOpenChange(true) : close())}>
      <DialogContent onCloseAutoFocus={onCloseAutoFocus}>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        <FormError message={error} />
        <DialogFooter>
          <Button type="button" variant="outline" onClick={close}>
            Cancel
          </Button>
          <Button
            variant="destructive"
            onClick={() => void confirm()}
            disabled={pending}
            aria-busy={pending}
          >
            {confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
