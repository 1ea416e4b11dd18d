'use client';

import { useId, useState } from 'react';
import { useRouter } from 'next/navigation';
import { Loader2, Play, RotateCcw } from 'lucide-react';
import { Badge, Button, toast } from '@aiconnected/ui';
import type { EventSubscriptionView, ResumedSubscription } from '@aiconnected/sdk-contracts';
import { FormError } from '../form-alerts';
import { formatInstant } from '../labels';
import { useApiAction } from '../use-api-action';
import { subscriptionHealth } from './event-labels';

/**
 * Each module installation of the workspace as a subscriber: what it consumes and which
 * lifecycle actions it declares, where the shell posts them, its endpoint's health (receiving,
 * dead letters waiting, endpoint disabled after a 410) with its backlog, and for a disabled
 * endpoint Resume, offered with the re-delivery of what was skipped while it was off (the page
 * is for `events.manage` holders, who may resume).
 */
export function SubscriptionList({
  items,
  workspaceId,
}: {
  items: readonly EventSubscriptionView[];
  workspaceId: string;
}) {
  return (
    <ul className="grid gap-4 lg:grid-cols-2">
      {items.map((subscription) => (
        <SubscriptionCard
          key={subscription.installation_id}
          subscription={subscription}
          workspaceId={workspaceId}
        />
      ))}
    </ul>
  );
}

function SubscriptionCard({
  subscription,
  workspaceId,
}: {
  subscription: EventSubscriptionView;
  workspaceId: string;
}) {
  const router = useRouter();
  const { pending, error, run } = useApiAction();
  const [resuming, setResuming] = useState<'redeliver' | 'only' | null>(null);
  const headingId = useId();
  const health = subscriptionHealth(subscription);
  const key = subscription.module_key;

  async function resume(redeliver: boolean) {
    setResuming(redeliver ? 'redeliver' : 'only');
    const result = await run<ResumedSubscription>(
      `/events/subscriptions/${encodeURIComponent(key)}/resume`,
      { method: 'POST', body: { workspace_id: workspaceId, redeliver_skipped: redeliver } },
    );
    setResuming(null);
    if (result.ok) {
      const { redelivered } = result.data;
      toast.success(
        redeliver
          ? `${key}’s endpoint is active again; ${redelivered} skipped ${redelivered === 1 ? 'delivery' : 'deliveries'} queued again, in order.`
          : `${key}’s endpoint is active again: new events go to it.`,
      );
      router.refresh();
    }
  }

  return (
    <li className="flex flex-col rounded-lg border bg-card" aria-labelledby={headingId}>
      <div className="space-y-3 p-4">
        <div className="flex flex-wrap items-center gap-2">
          <h3 id={headingId} className="font-mono font-medium">
            {key}
          </h3>
          <span className="text-sm text-muted-foreground">version {subscription.version}</span>
          <Badge variant={health.variant}>{health.label}</Badge>
          {subscription.state !== 'enabled' ? (
            <Badge variant="outline">Module {subscription.state}</Badge>
          ) : null}
        </div>
        <p className="text-sm">{health.text}</p>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
          <dt className="text-muted-foreground">Consumes</dt>
          <dd className="min-w-0">
            {subscription.consumes.length === 0 ? (
              'No events (lifecycle actions only)'
            ) : (
              <ul className="flex flex-wrap gap-1.5" aria-label={`${key} consumes`}>
                {subscription.consumes.map((name) => (
                  <li key={name}>
                    <Badge variant="secondary" className="break-all font-mono font-normal">
                      {name}
                    </Badge>
                  </li>
                ))}
              </ul>
            )}
          </dd>
          <dt className="text-muted-foreground">Endpoint</dt>
          <dd className="min-w-0 break-all font-mono text-xs leading-5">
            {subscription.events_path ?? 'none declared'}
          </dd>
          <dt className="text-muted-foreground">Actions</dt>
          <dd>{subscription.actions.length === 0 ? 'none' : subscription.actions.join(', ')}</dd>
          <dt className="text-muted-foreground">Backlog</dt>
          <dd>
            {subscription.pending} pending, {subscription.dead_letter} dead letter
          </dd>
          <dt className="text-muted-foreground">Last delivered</dt>
          <dd>
            {subscription.last_delivered_at
              ? formatInstant(subscription.last_delivered_at)
              : 'never'}
          </dd>
          {subscription.last_failure_at ? (
            <>
              <dt className="text-muted-foreground">Last failure</dt>
              <dd>{formatInstant(subscription.last_failure_at)}</dd>
            </>
          ) : null}
          {subscription.disabled_at ? (
            <>
              <dt className="text-muted-foreground">Disabled</dt>
              <dd>{formatInstant(subscription.disabled_at)}</dd>
            </>
          ) : null}
        </dl>
        <FormError message={error} />
      </div>
      {subscription.endpoint === 'disabled' ? (
        <div className="mt-auto space-y-2 border-t px-4 py-3">
          <p className="text-sm text-muted-foreground">
            While the endpoint was off, the events it consumes were skipped for it. Resume can send
            them again, in order and with their original webhook-id, before anything newer.
          </p>
          <div className="flex flex-wrap gap-2">
            <Button
              type="button"
              onClick={() => void resume(true)}
              disabled={pending}
              aria-busy={resuming === 'redeliver'}
            >
              {resuming === 'redeliver' ? (
                <Loader2 className="animate-spin" aria-hidden="true" />
              ) : (
                <RotateCcw aria-hidden="true" />
              )}
              Resume and re-deliver skipped<span className="sr-only"> for {key}</span>
            </Button>
            <Button
              type="button"
              variant="outline"
              onClick={() => void resume(false)}
              disabled={pending}
              aria-busy={resuming === 'only'}
            >
              {resuming === 'only' ? (
                <Loader2 className="animate-spin" aria-hidden="true" />
              ) : (
                <Play aria-hidden="true" />
              )}
              Resume only<span className="sr-only"> {key}’s endpoint</span>
            </Button>
          </div>
        </div>
      ) : null}
    </li>
  );
}
