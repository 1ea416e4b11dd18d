'use client';

import { useId, useState } from 'react';
import { Loader2, RefreshCw, Trash2 } from 'lucide-react';
import { Badge, Button, toast } from '@aiconnected/ui';
import type { DomainRecord, DomainVerifyResult } from '@aiconnected/sdk-contracts';
import { callApi } from '@/lib/client-api';
import { CopyValueButton } from './copy-value-button';
import { claimExpiryText, DOMAIN_OUTCOME_LABELS, DOMAIN_STATUS_LABELS } from './domain-labels';
import { RemoveDomainDialog } from './remove-domain-dialog';

const dateTime = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

/** One domain: its state, the TXT record to publish, the last check, verify and remove. */
export function DomainCard({
  domain,
  onChange,
  onRemoved,
}: {
  domain: DomainRecord;
  onChange: (domain: DomainRecord) => void;
  onRemoved: () => void;
}) {
  const [checking, setChecking] = useState(false);
  const [removing, setRemoving] = useState(false);
  const id = useId();
  const status = DOMAIN_STATUS_LABELS[domain.status];
  const expiry = claimExpiryText(domain.claim_expires_at, new Date());

  async function verify() {
    setChecking(true);
    const result = await callApi<DomainVerifyResult>(`/domains/${domain.id}/verify`, {
      method: 'POST',
    });
    // The check is recorded either way: read the domain again for its last check.
    const fresh = await callApi<{ items: DomainRecord[] }>(
      `/domains?workspace_id=${domain.workspace_id}&limit=200`,
    );
    setChecking(false);
    const updated = fresh.ok ? fresh.data.items.find((item) => item.id === domain.id) : undefined;
    if (result.ok) {
      onChange(result.data.domain_record);
      toast.success(`${domain.host} is verified.`);
    } else {
      if (updated) onChange(updated);
      // Released (its claim expired) or removed while DNS was asked: the message says which.
      else if (result.code === 'NOT_FOUND') onRemoved();
      toast.error(result.message);
    }
  }

  return (
    <li className="space-y-4 rounded-lg border p-4" aria-labelledby={`${id}-host`}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <h3 id={`${id}-host`} className="break-all font-medium">
            {domain.host}
          </h3>
          <p className="text-sm text-muted-foreground">{status.hint}</p>
          {expiry ? (
            // The day count (whole days left until `claim_expires_at`, rounded up) steps once a day
            // at the time of day the domain was added: server and browser may differ by one when
            // they render either side of that moment.
            <p className="text-sm font-medium" suppressHydrationWarning>
              {expiry}
            </p>
          ) : null}
        </div>
        <Badge variant={status.variant}>{status.label}</Badge>
      </div>

      <div className="space-y-2">
        <p className="text-sm font-medium">TXT record to publish</p>
        <dl className="grid gap-2 text-sm sm:grid-cols-[auto_1fr_auto] sm:items-center">
          <dt className="text-muted-foreground">Name</dt>
          <dd className="min-w-0 break-all font-mono">{domain.txt_record.name}</dd>
          <dd>
            <CopyValueButton value={domain.txt_record.name} label="Record name" />
          </dd>
          <dt className="text-muted-foreground">Value</dt>
          <dd className="min-w-0 break-all font-mono">{domain.txt_record.value}</dd>
          <dd>
            <CopyValueButton value={domain.txt_record.value} label="Record value" />
          </dd>
        </dl>
      </div>

      <p className="text-sm text-muted-foreground" aria-live="polite">
        {checking
          ? 'Checking DNS…'
          : domain.last_check
            ? `Last checked ${dateTime.format(new Date(domain.last_check.checked_at))}: ${DOMAIN_OUTCOME_LABELS[domain.last_check.outcome]}.`
            : 'Not checked yet.'}
      </p>

      <div className="flex flex-wrap gap-2">
        <Button
          type="button"
          onClick={() => void verify()}
          disabled={checking}
          aria-busy={checking}
        >
          {checking ? (
            <Loader2 className="animate-spin" aria-hidden="true" />
          ) : (
            <RefreshCw aria-hidden="true" />
          )}
          {domain.status === 'verified' ? 'Check again' : 'Verify'}
          <span className="sr-only"> {domain.host}</span>
        </Button>
        <Button type="button" variant="outline" onClick={() => setRemoving(true)}>
          <Trash2 aria-hidden="true" />
          Remove<span className="sr-only"> {domain.host}</span>
        </Button>
      </div>
      <RemoveDomainDialog
        domain={domain}
        open={removing}
        onOpenChange={setRemoving}
        onRemoved={() => {
          toast.success(`${domain.host} removed.`);
          onRemoved();
        }}
      />
    </li>
  );
}
