'use client';

import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { Input, Label } from '@aiconnected/ui';
import { FormError, FormSuccess } from '../form-alerts';
import { SubmitButton } from '../submit-button';
import { useApiAction } from '../use-api-action';

/** Changes one's own display name (`PATCH /api/users/{id}` `{profile: {display_name}}`). */
export function ProfileForm({ userId, displayName }: { userId: string; displayName: string }) {
  const router = useRouter();
  const { pending, error, run } = useApiAction();
  const [value, setValue] = useState(displayName);
  const [saved, setSaved] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(null);
    const result = await run(`/users/${userId}`, { method: 'PATCH', body: { profile: { display_name: value } } });
    if (!result.ok) return;
    setSaved('Profile saved.');
    router.refresh();
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-4">
      <FormError message={error} />
      <FormSuccess message={saved} />
      <div className="space-y-2">
        <Label htmlFor="display-name">Display name</Label>
        <Input
          id="display-name"
          name="display_name"
          autoComplete="name"
          required
          maxLength={200}
          value={value}
          onChange={(event) => setValue(event.target.value)}
          className="max-w-md"
        />
      </div>
      <SubmitButton pending={pending} disabled={value.trim() === '' || value === displayName}>
        Save profile
      </SubmitButton>
    </form>
  );
}
