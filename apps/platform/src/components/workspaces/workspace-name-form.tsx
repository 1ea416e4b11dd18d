'use client';

import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { Input, Label } from '@aiconnected/ui';
import type { Workspace } from '@/lib/api-types';
import { FormError, FormSuccess } from '../form-alerts';
import { SubmitButton } from '../submit-button';
import { useApiAction } from '../use-api-action';

/** Renames the workspace (`PATCH /api/workspaces/{id}`); its URL handle stays. */
export function WorkspaceNameForm({ workspaceId, name }: { workspaceId: string; name: string }) {
  const router = useRouter();
  const { pending, error, run } = useApiAction();
  const [value, setValue] = useState(name);
  const [saved, setSaved] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(null);
    const result = await run<{ workspace: Workspace }>(`/workspaces/${workspaceId}`, {
      method: 'PATCH',
      body: { name: value },
    });
    if (!result.ok) return;
    setSaved('Workspace settings saved.');
    router.refresh();
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-4">
      <FormError message={error} />
      <FormSuccess message={saved} />
      <div className="space-y-2">
        <Label htmlFor="workspace-name">Workspace name</Label>
        <Input
          id="workspace-name"
          name="name"
          required
          maxLength={200}
          value={value}
          onChange={(event) => setValue(event.target.value)}
          className="max-w-md"
        />
      </div>
      <SubmitButton pending={pending} disabled={value.trim() === '' || value === name}>
        Save changes
      </SubmitButton>
    </form>
  );
}
