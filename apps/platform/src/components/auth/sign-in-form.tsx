'use client';

import { useState, type FormEvent } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { Input, Label } from '@aiconnected/ui';
import type { SignInResult } from '@aiconnected/sdk-contracts';
import { destinationAfterSignIn } from '@/lib/destinations';
import { FormError } from '../form-alerts';
import { SubmitButton } from '../submit-button';
import { useApiAction } from '../use-api-action';

/**
 * Email and password -> `POST /api/auth/sign-in` (the API sets the session cookie), then the
 * page the visitor came for, their dashboard, or the workspace selector.
 */
export function SignInForm({ next }: { next: string | null }) {
  const router = useRouter();
  const { pending, error, run } = useApiAction();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await run<SignInResult>('/auth/sign-in', {
      method: 'POST',
      body: { email, password },
    });
    if (!result.ok) return;
    router.push(
      destinationAfterSignIn(result.data.workspace_options, result.data.default_workspace_id, next),
    );
    router.refresh();
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-4">
      <FormError message={error} />
      <div className="space-y-2">
        <Label htmlFor="sign-in-email">Email</Label>
        <Input
          id="sign-in-email"
          name="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
      </div>
      <div className="space-y-2">
        <div className="flex items-center justify-between">
          <Label htmlFor="sign-in-password">Password</Label>
          <Link
            href="/forgot-password"
            className="text-sm text-muted-foreground underline-offset-4 hover:text-foreground hover:underline"
          >
            Forgot password?
          </Link>
        </div>
        <Input
          id="sign-in-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
      </div>
      <SubmitButton pending={pending} className="w-full">
        Sign in
      </SubmitButton>
    </form>
  );
}
