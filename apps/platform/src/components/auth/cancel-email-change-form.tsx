'use client';

import { useState } from 'react';
import Link from 'next/link';
import { Button } from '@aiconnected/ui';
import { FormError, FormSuccess } from '../form-alerts';
import { useApiAction } from '../use-api-action';

/**
 * Cancels a pending email change from the link mailed to the old address:
 * `POST /api/auth/email/cancel`. Waits for a click, so a mail scanner opening the link spends
 * nothing.
 */
export function CancelEmailChangeForm({ token }: { token: string }) {
  const { pending, error, run } = useApiAction();
  const [cancelled, setCancelled] = useState(false);

  async function cancel() {
    const result = await run('/auth/email/cancel', { method: 'POST', body: { token } });
    if (result.ok) setCancelled(true);
  }

  if (cancelled) {
    return (
      <div className="space-y-4">
        <FormSuccess message="The change is cancelled: your account keeps this email address. If you did not ask for it, tell your administrator and change your password." />
        <Button asChild variant="outline" className="w-full">
          <Link href="/sign-in">Sign in</Link>
        </Button>
      </div>
    );
  }

  return (
    <div className="space-y-4">
      <FormError message={error} />
      <Button
        className="w-full"
        onClick={() => void cancel()}
        disabled={pending}
        aria-busy={pending}
      >
        Cancel the email change
      </Button>
    </div>
  );
}
