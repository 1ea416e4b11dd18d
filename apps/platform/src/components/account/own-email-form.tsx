'use client';

import { useState, type FormEvent } from 'react';
import { Input, Label, toast } from '@aiconnected/ui';
import { FormError } from '../form-alerts';
import { SubmitButton } from '../submit-button';
import { useApiAction } from '../use-api-action';

/**
 * Starts changing one's own email address (`PATCH /api/users/{id}/email`): the new address
 * gets a confirmation link and the account keeps the current one until it is followed.
 */
export function OwnEmailForm({ userId, email }: { userId: string; email: string }) {
  const { pending, error, run } = useApiAction();
  const [value, setValue] = useState('');

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await run(`/users/${userId}/email`, {
      method: 'PATCH',
      body: { new_email: value },
    });
    if (!result.ok) return;
    toast.success(
      `We sent a confirmation link to ${value}. Until you follow it, you sign in with ${email}.`,
    );
    setValue('');
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-4">
      <p className="text-sm">
        Current address: <span className="font-medium">{email}</span>
      </p>
      <FormError message={error} />
      <div className="space-y-2">
        <Label htmlFor="own-new-email">New email address</Label>
        <Input
          id="own-new-email"
          name="new_email"
          type="email"
          autoComplete="email"
          required
          value={value}
          onChange={(event) => setValue(event.target.value)}
          className="max-w-md"
        />
      </div>
      <SubmitButton pending={pending}>Send confirmation link</SubmitButton>
    </form>
  );
}
