'use client';

import {
  Button,
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '@aiconnected/ui';
import { FormError } from '../form-alerts';
import { useApiAction } from '../use-api-action';
import type { RowDialogProps } from './row-dialog-props';

/** Confirms suspending an account (`PATCH /api/users/{id}` `{status: "suspended"}`). */
export function SuspendDialog({
  user,
  open,
  onOpenChange,
  onDone,
  onCloseAutoFocus,
}: RowDialogProps) {
  const { pending, error, setError, run } = useApiAction();

  async function suspend() {
    const result = await run(`/users/${user.id}`, {
      method: 'PATCH',
      body: { status: 'suspended' },
    });
    if (!result.ok) return;
    onOpenChange(false);
    onDone(`${user.email} is suspended.`);
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        onOpenChange(next);
        if (!next) setError(null);
      }}
    >
      <DialogContent onCloseAutoFocus={onCloseAutoFocus}>
        <DialogHeader>
          <DialogTitle>Suspend {user.email}?</DialogTitle>
          <DialogDescription>
            They are signed out everywhere at once and cannot sign in until reactivated. Their
            memberships stay.
          </DialogDescription>
        </DialogHeader>
        <FormError message={error} />
        <DialogFooter>
          <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button
            variant="destructive"
            onClick={() => void suspend()}
            disabled={pending}
            aria-busy={pending}
          >
            Suspend user
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
