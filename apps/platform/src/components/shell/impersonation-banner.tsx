'use client';

import { useRouter } from 'next/navigation';
import { Button } from '@aiconnected/ui';
import type { ContextChangeResult } from '@aiconnected/sdk-contracts';
import { useApiAction } from '../use-api-action';
import { goToDestination } from './go-to-destination';

interface ImpersonationBannerProps {
  userName: string;
  targetWorkspaceName: string;
  actorWorkspaceName: string;
}

/**
 * Shown on every page while the session impersonates: both identities (who acts, from which
 * workspace, in which one) and the way out (`POST /api/auth/impersonation/stop`).
 */
export function ImpersonationBanner({
  userName,
  targetWorkspaceName,
  actorWorkspaceName,
}: ImpersonationBannerProps) {
  const router = useRouter();
  const { pending, error, run } = useApiAction();

  async function stop() {
    const result = await run<ContextChangeResult>('/auth/impersonation/stop', { method: 'POST' });
    if (result.ok) goToDestination(router, result.data.destination);
  }

  return (
    <section
      aria-label="Impersonation"
      className="border-b border-destructive bg-destructive px-4 py-2 text-sm text-destructive-foreground"
    >
      <div className="mx-auto flex max-w-screen-2xl flex-wrap items-center justify-between gap-x-4 gap-y-2">
        <p>
          You are <strong>{userName}</strong> acting in <strong>{targetWorkspaceName}</strong> (from{' '}
          <strong>{actorWorkspaceName}</strong>).
        </p>
        <div className="flex items-center gap-3">
          <span aria-live="assertive">{error}</span>
          <Button
            size="sm"
            variant="secondary"
            onClick={() => void stop()}
            disabled={pending}
            aria-busy={pending}
          >
            Stop impersonating
          </Button>
        </div>
      </div>
    </section>
  );
}
