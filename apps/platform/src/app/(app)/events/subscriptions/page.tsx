import type { Metadata } from 'next';
import type { EventSubscriptionView } from '@aiconnected/sdk-contracts';
import { EventsEmptyState } from '@/components/events/events-empty-state';
import { SubscriptionList } from '@/components/events/subscription-list';
import { Forbidden } from '@/components/forbidden';
import { readEventsScope } from '@/lib/events-scope';
import { requirePageAccess } from '@/lib/guard';
import { readForPage } from '@/lib/page-errors';
import { apiFetch } from '@/lib/server-api';

export const metadata: Metadata = { title: 'Subscriptions · Events' };

/**
 * `/events/subscriptions`: every module installation of the picked workspace as a subscriber,
 * with what it consumes, its endpoint's health and backlog, and Resume for a disabled endpoint.
 */
export default async function SubscriptionsTabPage({
  searchParams,
}: {
  searchParams: Record<string, string | string[] | undefined>;
}) {
  const access = await requirePageAccess('/events/subscriptions');
  if (!access.allowed) return <Forbidden backHref={access.session.destination} />;
  const scope = await readEventsScope(access, searchParams);
  if (scope === null) return <Forbidden backHref={access.session.destination} />;
  const read = await readForPage(() =>
    apiFetch<{ items: EventSubscriptionView[] }>(
      `/events/subscriptions?workspace_id=${encodeURIComponent(scope.workspace.id)}`,
    ),
  );
  if (read.denied) return <Forbidden backHref={access.session.destination} />;
  const { items } = read.data;

  return (
    <>
      <div className="space-y-1">
        <h2 className="text-lg font-semibold tracking-tight">Subscriptions</h2>
        <p className="max-w-prose text-sm text-muted-foreground">
          The modules that receive events here, and how their endpoints are doing.
        </p>
      </div>
      {items.length === 0 ? (
        <EventsEmptyState
          kind="subscriptions"
          workspaceName={scope.workspace.name}
          modulesHref={scope.modulesHref}
        />
      ) : (
        <SubscriptionList items={items} workspaceId={scope.workspace.id} />
      )}
    </>
  );
}
