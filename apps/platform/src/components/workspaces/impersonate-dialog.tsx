'use client';

import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
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
} from '@aiconnected/ui';
import type { ContextChangeResult } from '@aiconnected/sdk-contracts';
import { FormError } from '../form-alerts';
import { goToDestination } from '../shell/go-to-destination';
import { SubmitButton } from '../submit-button';
import { useApiAction } from '../use-api-action';

/**
 * "Impersonate" for one workspace: a dialog asking for the reason (kept in the audit log),
 * then `POST /api/auth/impersonation/start` and the target's dashboard.
 */
export function ImpersonateDialog({
  workspaceId,
  workspaceName,
}: {
  workspaceId: string;
  workspaceName: string;
}) {
  const router = useRouter();
  const { pending, error, setError, run } = useApiAction();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const reasonId = `impersonation-reason-${workspaceId}`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await run<ContextChangeResult>('/auth/impersonation/start', {
      method: 'POST',
      body: { target_workspace_id: workspaceId, reason },
    });
    if (!result.ok) return;
    setOpen(false);
    goToDestination(router, result.data.destination);
  }

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next) {
      setReason('');
      setError(null);
    }
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm" aria-label={`Impersonate ${workspaceName}`}>
          Impersonate
        </Button>
      </DialogTrigger>
      <DialogContent>
        <form onSubmit={(event) => void submit(event)} className="space-y-4">
          <DialogHeader>
            <DialogTitle>Impersonate {workspaceName}</DialogTitle>
            <DialogDescription>
              You will act in {workspaceName} with your own permissions, never more. Start and stop
              are recorded in the audit log with the reason.
            </DialogDescription>
          </DialogHeader>
          <FormError message={error} />
          <div className="space-y-2">
            <Label htmlFor={reasonId}>Reason</Label>
            <Textarea
              id={reasonId}
              name="reason"
              required
              minLength={3}
              maxLength={500}
              aria-describedby={`${reasonId}-hint`}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
            <p id={`${reasonId}-hint`} className="text-sm text-muted-foreground">
              For example the support ticket you are working on (3 to 500 characters).
            </p>
          </div>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <SubmitButton pending={pending}>Start impersonation</SubmitButton>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
