'use client';

import { useRouter, usePathname, useSearchParams } from 'next/navigation';
import { CircleAlert, CircleCheck, X } from 'lucide-react';
import { Alert, AlertDescription, Button } from '@aiconnected/ui';
import { INVALID_LINK_REASONS, type ConnectReturn } from './integration-labels';

const RESULTS: Record<ConnectReturn, { title: string; text: string; good: boolean }> = {
  active: {
    title: 'Connected',
    text: 'The provider confirmed the connection: modules of this workspace can use it now.',
    good: true,
  },
  failed: {
    title: 'The connection failed',
    text: 'The provider did not grant access (it was denied or refused). Use Reconnect to try again.',
    good: false,
  },
  invalid: {
    title: 'That connection link is no longer valid',
    text: 'Start the connection again.',
    good: false,
  },
  pending: {
    title: 'Connection being checked',
    text: 'You signed in again after the provider sent you back, so the shell asks the provider for the connection’s state itself: it shows here within a few minutes.',
    good: true,
  },
};

/**
 * What happened at the provider, after its hosted sign-in sent the browser back here
 * (`?connect=active|failed|invalid|pending`): a status message, announced once, that the visitor
 * dismisses (which also drops the parameters from the address).
 */
export function ConnectResultBanner({
  result,
  reason,
}: {
  result: ConnectReturn;
  /** `?reason=` of an invalid link (INTEGRATION_OAUTH_STATE_INVALID's details.reason). */
  reason?: string;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const { title, good } = RESULTS[result];
  const why = result === 'invalid' && reason ? INVALID_LINK_REASONS[reason] : undefined;
  // Starting again is not this person's to do when they lost the permission.
  const then =
    reason === 'permission_revoked'
      ? 'An admin of the workspace can connect it.'
      : RESULTS[result].text;
  const text = why ? `${why} ${then}` : RESULTS[result].text;

  function dismiss() {
    const next = new URLSearchParams(searchParams.toString());
    for (const name of ['connect', 'connection_id', 'code', 'reason']) next.delete(name);
    const query = next.toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  }

  const Icon = good ? CircleCheck : CircleAlert;
  return (
    <Alert
      role={good ? 'status' : 'alert'}
      variant={good ? 'default' : 'destructive'}
      className="pr-12"
    >
      {/* First, so the alert's icon-padding rule ([&>svg~*]) leaves it alone. */}
      <Button
        type="button"
        variant="ghost"
        size="icon"
        className="absolute right-2 top-2 h-8 w-8"
        onClick={dismiss}
      >
        <X aria-hidden="true" />
        <span className="sr-only">Dismiss</span>
      </Button>
      <Icon className="h-4 w-4" aria-hidden="true" />
      <p className="mb-1 font-medium leading-none">{title}</p>
      <AlertDescription>{text}</AlertDescription>
    </Alert>
  );
}
