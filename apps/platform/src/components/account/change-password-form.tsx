'use client';

import { useState, type FormEvent } from 'react';
import type { PasswordChanged } from '@aiconnected/sdk-contracts';
import { Input, Label, toast } from '@aiconnected/ui';
import { NewPasswordFields } from '../auth/new-password-fields';
import { FormError } from '../form-alerts';
import { SubmitButton } from '../submit-button';
import { useApiAction } from '../use-api-action';

/**
 * Changes one's own password (`POST /api/auth/password/change`): the current one, then the new
 * one with its strength meter. This session stays signed in; every other one is signed out.
 */
export function ChangePasswordForm({ email, name }: { email: string; name: string | null }) {
  const { pending, error, setError, run } = useApiAction();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (password !== confirmation) {
      setError('The two new passwords do not match.');
      return;
    }
    const result = await run<PasswordChanged>('/auth/password/change', {
      method: 'POST',
      body: { current_password: current, new_password: password },
    });
    if (!result.ok) return;
    const others = result.data.revoked_sessions;
    toast.success(
      others === 0
        ? 'Your password was changed.'
        : `Your password was changed. ${others} other ${others === 1 ? 'session was' : 'sessions were'} signed out.`,
    );
    setCurrent('');
    setPassword('');
    setConfirmation('');
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="max-w-md space-y-4">
      <FormError message={error} />
      <input type="hidden" name="username" autoComplete="username" value={email} />
      <div className="space-y-2">
        <Label htmlFor="current-password">Current password</Label>
        <Input
          id="current-password"
          name="current_password"
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(event) => setCurrent(event.target.value)}
        />
      </div>
      <NewPasswordFields
        idPrefix="change"
        password={password}
        confirmation={confirmation}
        onPasswordChange={setPassword}
        onConfirmationChange={setConfirmation}
        userInputs={[email, name ?? '']}
      />
      <SubmitButton pending={pending}>Change password</SubmitButton>
    </form>
  );
}
