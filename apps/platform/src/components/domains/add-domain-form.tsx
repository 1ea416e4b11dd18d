'use client';

import { useId, useState, type FormEvent } from 'react';
import { Input, Label, toast } from '@aiconnected/ui';
import type { DomainAddResult } from '@aiconnected/sdk-contracts';
import { FormError } from '../form-alerts';
import { SubmitButton } from '../submit-button';
import { useApiAction } from '../use-api-action';

/** `POST /api/domains`: adds a host to the workspace, pending until verified. */
export function AddDomainForm({
  workspaceId,
  onAdded,
}: {
  workspaceId: string;
  onAdded: (result: DomainAddResult) => void;
}) {
  const [host, setHost] = useState('');
  const { pending, error, run } = useApiAction();
  const id = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await run<DomainAddResult>('/domains', {
      method: 'POST',
      body: { workspace_id: workspaceId, host },
    });
    if (!result.ok) return;
    setHost('');
    onAdded(result.data);
    toast.success(`${result.data.domain_record.host} added. Publish its TXT record, then verify.`);
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-3" noValidate>
      <div className="space-y-1.5">
        <Label htmlFor={`${id}-host`}>Domain</Label>
        <div className="flex flex-col gap-2 sm:flex-row">
          <Input
            id={`${id}-host`}
            name="host"
            value={host}
            onChange={(event) => setHost(event.target.value)}
            placeholder="login.your-agency.com"
            autoComplete="off"
            spellCheck={false}
            required
            aria-describedby={`${id}-help ${id}-error`}
            aria-invalid={error ? true : undefined}
            className="sm:max-w-sm"
          />
          <SubmitButton pending={pending} disabled={host.trim() === ''}>
            Add domain
          </SubmitButton>
        </div>
        <p id={`${id}-help`} className="text-sm text-muted-foreground">
          A host name you control, such as a subdomain of your website. Point it at the platform
          with your DNS provider.
        </p>
      </div>
      <FormError message={error} id={`${id}-error`} />
    </form>
  );
}
