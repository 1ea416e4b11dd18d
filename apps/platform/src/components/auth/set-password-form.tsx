'use client';

import { useState, type FormEvent } from 'react';
import Link from 'next/link';
import { Button } from '@aiconnected/ui';
import { FormError, FormSuccess } from '../form-alerts';
import { SubmitButton } from '../submit-button';
import { useApiAction } from '../use-api-action';
import { NewPasswordFields } from './new-password-fields';

/**
 * Sets a new password from a reset link (`POST /api/auth/password/set`), with the strength
 * meter; the page checked the link before showing the form. Every session of the account is
 * signed out, so the next step is signing in.
 */
export function SetPasswordForm({ token, email }: { token: string; email: string }) {
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
    const result = await run('/auth/password/set', {
      method: 'POST',
      body: { token, new_password: password },
    });
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
      <p className="text-sm">
        Account: <span className="font-medium">{email}</span>
      </p>
      <FormError message={error} />
      <NewPasswordFields
        idPrefix="reset"
        password={password}
        confirmation={confirmation}
        onPasswordChange={setPassword}
        onConfirmationChange={setConfirmation}
        userInputs={[email]}
      />
      <SubmitButton pending={pending} className="w-full">
        Set password
      </SubmitButton>
    </form>
  );
}
