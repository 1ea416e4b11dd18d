'use client';

import { useState, type FormEvent } from 'react';
import Link from 'next/link';
import { Button, Input, Label } from '@aiconnected/ui';
import { FormError, FormSuccess } from '../form-alerts';
import { SubmitButton } from '../submit-button';
import { useApiAction } from '../use-api-action';

/** The API's password policy (docs/identity.md), repeated as a hint; the API enforces it. */
const MIN_LENGTH = 12;

/**
 * Sets a password from an emailed link: `POST /api/auth/password/set`, which spends a reset
 * token or an invitation token alike (an invited account becomes active). The link cannot say
 * which kind it is, and need not: one page serves both mails.
 */
export function SetPasswordForm({ token }: { token: string }) {
  const { pending, error, setError, run } = useApiAction();
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [done, setDone] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (password !== confirmation) {
      setError('The two passwords do not match.');
      return;
    }
    const result = await run('/auth/password/set', { method: 'POST', body: { token, new_password: password } });
    if (result.ok) setDone(true);
  }

  if (done) {
    return (
      <div className="space-y-4">
        <FormSuccess message="Your password is set. Sign in with it to continue." />
        <Button asChild className="w-full">
          <Link href="/sign-in">Sign in</Link>
        </Button>
      </div>
    );
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-4">
      <FormError message={error} />
      <div className="space-y-2">
        <Label htmlFor="new-password">New password</Label>
        <Input
          id="new-password"
          name="new_password"
          type="password"
          autoComplete="new-password"
          required
          aria-describedby="new-password-hint"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <p id="new-password-hint" className="text-sm text-muted-foreground">
          At least {MIN_LENGTH} characters.
        </p>
      </div>
      <div className="space-y-2">
        <Label htmlFor="confirm-password">Confirm password</Label>
        <Input
          id="confirm-password"
          name="confirm_password"
          type="password"
          autoComplete="new-password"
          required
          value={confirmation}
          onChange={(event) => setConfirmation(event.target.value)}
        />
      </div>
      <SubmitButton pending={pending} className="w-full">
        Set password
      </SubmitButton>
    </form>
  );
}
