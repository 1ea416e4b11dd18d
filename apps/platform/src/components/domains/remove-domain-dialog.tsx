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
import type { DomainRecord } from '@aiconnected/sdk-contracts';
import { FormError } from '../form-alerts';
import { useApiAction } from '../use-api-action';

/** Confirms removing a domain (`DELETE /api/domains/{id}`). */
export function RemoveDomainDialog({
  domain,
  open,
  onOpenChange,
  onRemoved,
}: {
  domain: DomainRecord;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onRemoved: () => void;
}) {
  const { pending, error, setError, run } = useApiAction();

  async function remove() {
    const result = await run(`/domains/${domain.id}`, { method: 'DELETE' });
    if (!result.ok) return;
    onOpenChange(false);
    onRemoved();
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        onOpenChange(next);
        if (!next) setError(null);
      }}
    >
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Remove {domain.host}?</DialogTitle>
          <DialogDescription>
            It stops serving your sign-in page at once, and anyone may claim it again. Its check
            history is kept. You can add it again later.
          </DialogDescription>
        </DialogHeader>
        <FormError message={error} />
        <DialogFooter>
          <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button
            variant="destructive"
            onClick={() => void remove()}
            disabled={pending}
            aria-busy={pending}
          >
            Remove domain
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
