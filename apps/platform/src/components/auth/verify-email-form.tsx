'use client';

import { useState } from 'react';
import Link from 'next/link';
import { Button } from '@aiconnected/ui';
import { FormError, FormSuccess } from '../form-alerts';
import { useApiAction } from '../use-api-action';

/**
 * Confirms a new email address: `POST /api/auth/email/verify` with the link's token. It waits
 * for a click rather than posting on load, so a mail scanner opening the link spends nothing.
 */
export function VerifyEmailForm({ token }: { token: string }) {
  const { pending, error, run } = useApiAction();
  const [verified, setVerified] = useState(false);

  async function verify() {
    const result = await run('/auth/email/verify', { method: 'POST', body: { token } });
    if (result.ok) setVerified(true);
  }

  if (verified) {
    return (
      <div className="space-y-4">
        <FormSuccess message="Your email address is confirmed. Use it the next time you sign in." />
        <Button asChild variant="outline" className="w-full">
          <Link href="/account">Go to your account</Link>
        </Button>
      </div>
    );
  }

  return (
    <div className="space-y-4">
      <FormError message={error} />
      <Button
        className="w-full"
        onClick={() => void verify()}
        disabled={pending}
        aria-busy={pending}
      >
        Confirm email address
      </Button>
    </div>
  );
}
