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
  Label,
  NativeSelect,
} from '@aiconnected/ui';
import type { MembershipChange, WorkspaceUser } from '@aiconnected/sdk-contracts';
import { FormError } from '../form-alerts';
import { roleLabel } from '../labels';
import { SubmitButton } from '../submit-button';
import { useApiAction } from '../use-api-action';
import type { RowDialogProps } from './row-dialog-props';

/** Changes a member's role in this workspace (`PATCH /api/memberships/{id}`). */
export function ChangeRoleDialog({
  user,
  roles,
  open,
  onOpenChange,
  onDone,
  onCloseAutoFocus,
}: RowDialogProps & { roles: string[] }) {
  const { pending, error, setError, run } = useApiAction();
  const [role, setRole] = useState(user.role_template);
  const fieldId = `role-${user.membership_id}`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await run<MembershipChange>(`/memberships/${user.membership_id}`, {
      method: 'PATCH',
      body: { role_template: role },
    });
    if (!result.ok) return;
    onOpenChange(false);
    onDone(`${user.email} is now ${roleLabel(role)}.`);
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        onOpenChange(next);
        if (!next) {
          setError(null);
          setRole(user.role_template);
        }
      }}
    >
      <DialogContent onCloseAutoFocus={onCloseAutoFocus}>
        <form onSubmit={(event) => void submit(event)} className="space-y-4">
          <DialogHeader>
            <DialogTitle>Change role of {user.email}</DialogTitle>
            <DialogDescription>
              The new role applies to this workspace only, from their next request on.
            </DialogDescription>
          </DialogHeader>
          <FormError message={error} />
          <div className="space-y-2">
            <Label htmlFor={fieldId}>Role</Label>
            <NativeSelect
              id={fieldId}
              value={role}
              onChange={(event) => setRole(event.target.value)}
            >
              {rolesWithCurrent(roles, user).map((candidate) => (
                <option key={candidate} value={candidate}>
                  {roleLabel(candidate)}
                </option>
              ))}
            </NativeSelect>
          </div>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <SubmitButton pending={pending} disabled={role === user.role_template}>
              Save role
            </SubmitButton>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** The selectable roles, always including the member's current one so the select shows it. */
function rolesWithCurrent(roles: string[], user: WorkspaceUser): string[] {
  return roles.includes(user.role_template) ? roles : [user.role_template, ...roles];
}
