'use client';

import { ConfirmDialog } from '../confirm-dialog';
import type { RowDialogProps } from './row-dialog-props';

/** Confirms suspending an account (`PATCH /api/users/{id}` `{status: "suspended"}`). */
export function SuspendDialog({
  user,
  open,
  onOpenChange,
  onDone,
  onCloseAutoFocus,
}: RowDialogProps) {
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={onOpenChange}
      onCloseAutoFocus={onCloseAutoFocus}
      title={`Suspend ${user.email}?`}
      description="They are signed out everywhere at once and cannot sign in until reactivated. Their memberships stay."
      confirmLabel="Suspend user"
      request={[`/users/${user.id}`, { method: 'PATCH', body: { status: 'suspended' } }]}
      onConfirmed={() => onDone(`${user.email} is suspended.`)}
    />
  );
}
