'use client';

import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { Input, Label, toast } from '@aiconnected/ui';
import type { WorkspaceResult } from '@aiconnected/sdk-contracts';
import { FormError } from '../form-alerts';
import { SubmitButton } from '../submit-button';
import { useApiAction } from '../use-api-action';

interface CreateWorkspaceFormProps {
  kind: 'agency' | 'business';
  /** The agency a business is created under (`POST /api/workspaces/{id}/children`). */
  parentWorkspaceId?: string;
}

const WORDS = {
  agency: { label: 'Agency name', button: 'Create agency' },
  business: { label: 'Business name', button: 'Create business' },
} as const;

/**
 * Creates an agency (`POST /api/workspaces`, super) or a business under an agency
 * (`POST /api/workspaces/{id}/children`), then refreshes the list beside it.
 */
export function CreateWorkspaceForm({ kind, parentWorkspaceId }: CreateWorkspaceFormProps) {
  const router = useRouter();
  const { pending, error, run } = useApiAction();
  const [name, setName] = useState('');
  const words = WORDS[kind];
  const inputId = `create-${kind}-name`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = parentWorkspaceId
      ? await run<WorkspaceResult>(`/workspaces/${parentWorkspaceId}/children`, {
          method: 'POST',
          body: { name, child_type: kind },
        })
      : await run<WorkspaceResult>('/workspaces', {
          method: 'POST',
          body: { type: kind, name },
        });
    if (!result.ok) return;
    toast.success(`${result.data.workspace.name} was created.`);
    setName('');
    router.refresh();
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-4">
      <FormError message={error} />
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="flex-1 space-y-2">
          <Label htmlFor={inputId}>{words.label}</Label>
          <Input
            id={inputId}
            name="name"
            required
            maxLength={200}
            autoComplete="off"
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </div>
        <SubmitButton pending={pending}>{words.button}</SubmitButton>
      </div>
    </form>
  );
}
