'use client';

import { useState, type FormEvent } from 'react';
import {
  Button,
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  Input,
  Label,
} from '@aiconnected/ui';
import { FormError } from '../form-alerts';
import { SubmitButton } from '../submit-button';
import { useApiAction } from '../use-api-action';
import type { RowDialogProps } from './row-dialog-props';

/**
 * Starts a member's email change (`PATCH /api/users/{id}/email`): a verification link goes to
 * the new address, and the account changes only when it is followed.
 */
export function ChangeEmailDialog({
  user,
  open,
  onOpenChange,
  onDone,
  onCloseAutoFocus,
}: RowDialogProps) {
  const { pending, error, setError, run } = useApiAction();
  const [email, setEmail] = useState('');
  const fieldId = `new-email-${user.id}`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await run(`/users/${user.id}/email`, {
      method: 'PATCH',
      body: { new_email: email },
    });
    if (!result.ok) return;
    onOpenChange(false);
    onDone(
      `A verification link was sent to ${email}. ${user.email} keeps working until it is confirmed.`,
    );
    setEmail('');
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
        <form onSubmit={(event) => void submit(event)} className="space-y-4">
          <DialogHeader>
            <DialogTitle>Change email of {user.email}</DialogTitle>
            <DialogDescription>
              We send a confirmation link to the new address; nothing changes until it is followed.
            </DialogDescription>
          </DialogHeader>
          <FormError message={error} />
          <div className="space-y-2">
            <Label htmlFor={fieldId}>New email</Label>
            <Input
              id={fieldId}
              type="email"
              autoComplete="off"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          </div>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <SubmitButton pending={pending}>Send verification link</SubmitButton>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
