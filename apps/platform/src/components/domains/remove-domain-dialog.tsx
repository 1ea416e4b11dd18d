'use client';

import type { DomainRecord } from '@aiconnected/sdk-contracts';
import { ConfirmDialog } from '../confirm-dialog';

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
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Remove ${domain.host}?`}
      description="It stops serving your sign-in page at once, and anyone may claim it again. Its check history is kept. You can add it again later."
      confirmLabel="Remove domain"
      request={[`/domains/${domain.id}`, { method: 'DELETE' }]}
      onConfirmed={onRemoved}
    />
  );
}
