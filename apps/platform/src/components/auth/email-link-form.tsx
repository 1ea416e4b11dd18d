'use client';

import { useState } from 'react';
import Link from 'next/link';
import { Button } from '@aiconnected/ui';
import { FormError, FormSuccess } from '../form-alerts';
import { useApiAction } from '../use-api-action';

/** What one emailed email-change link does, and what the page says once it is done. */
const EMAIL_LINKS = {
  /** Confirms a new address from the link mailed to it. */
  verify: {
    path: '/auth/email/verify',
    action: 'Confirm email address',
    done: 'Your email address is confirmed. Use it the next time you sign in.',
    next: { href: '/account', label: 'Go to your account' },
  },
  /** Cancels a pending change from the link mailed to the old address. */
  cancel: {
    path: '/auth/email/cancel',
    action: 'Cancel the email change',
    done: 'The change is cancelled: your account keeps this email address. If you did not ask for it, tell your administrator and change your password.',
    next: { href: '/sign-in', label: 'Sign in' },
  },
} as const;

/**
 * Spends an emailed email-change link (`POST /api/auth/email/verify` or `/cancel` with its
 * token). It waits for a click rather than posting on load, so a mail scanner opening the link
 * spends nothing.
 */
export function EmailLinkForm({ kind, token }: { kind: keyof typeof EMAIL_LINKS; token: string }) {
  const link = EMAIL_LINKS[kind];
  const { pending, error, run } = useApiAction();
  const [done, setDone] = useState(false);

  async function submit() {
    const result = await run(link.path, { method: 'POST', body: { token } });
    if (result.ok) setDone(true);
  }

  if (done) {
    return (
      <div className="space-y-4">
        <FormSuccess message={link.done} />
        <Button asChild variant="outline" className="w-full">
          <Link href={link.next.href}>{link.next.label}</Link>
        </Button>
      </div>
    );
  }

  return (
    <div className="space-y-4">
      <FormError message={error} />
      <Button
        className="w-full"
        onClick={() => void submit()}
        disabled={pending}
        aria-busy={pending}
      >
        {link.action}
      </Button>
    </div>
  );
}
