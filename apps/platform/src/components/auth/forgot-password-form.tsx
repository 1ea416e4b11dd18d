'use client';

import { useState, type FormEvent } from 'react';
import Link from 'next/link';
import { Input, Label } from '@aiconnected/ui';
import { FormError, FormSuccess } from '../form-alerts';
import { SubmitButton } from '../submit-button';
import { useApiAction } from '../use-api-action';

/**
 * `POST /api/auth/password/reset`. The answer is the same whether or not the address has an
 * account (the API makes sure of it), and so is this page's message.
 */
export function ForgotPasswordForm() {
  const { pending, error, run } = useApiAction();
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await run('/auth/password/reset', { method: 'POST', body: { email } });
    if (result.ok) setSentTo(email);
  }

  return (
    <div className="space-y-4">
      <FormSuccess
        message={
          sentTo
            ? 'If an account exists for that address, we sent a link to reset the password. Check your inbox.'
            : null
        }
      />
      <form onSubmit={(event) => void submit(event)} className="space-y-4">
        <FormError message={error} />
        <div className="space-y-2">
          <Label htmlFor="forgot-email">Email</Label>
          <Input
            id="forgot-email"
            name="email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </div>
        <SubmitButton pending={pending} className="w-full">
          Send reset link
        </SubmitButton>
      </form>
      <p className="text-center text-sm">
        <Link
          href="/sign-in"
          className="text-muted-foreground underline-offset-4 hover:text-foreground hover:underline"
        >
          Back to sign in
        </Link>
      </p>
    </div>
  );
}
