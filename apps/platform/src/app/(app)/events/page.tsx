import type { Metadata } from 'next';
import { SearchX } from 'lucide-react';
import { Card, CardContent, EmptyState } from '@aiconnected/ui';
import type { EventPage } from '@aiconnected/sdk-contracts';
import { EventFiltersForm } from '@/components/events/event-filters';
import { EventList } from '@/components/events/event-list';
import { EventsEmptyState } from '@/components/events/events-empty-state';
import { Forbidden } from '@/components/forbidden';
import {
  eventFilterProblems,
  eventListQuery,
  hasEventFilters,
  readEventFilters,
} from '@/lib/event-query';
import { readEventsScope } from '@/lib/events-scope';
import { requirePageAccess } from '@/lib/guard';
import { readForPage } from '@/lib/page-errors';
import { apiFetch } from '@/lib/server-api';

export const metadata: Metadata = { title: 'Events' };

const PAGE_SIZE = 50;

/**
 * `/events` (Events tab): the picked workspace's events, newest first, filtered by name,
 * stream, correlation id and state; each opens its deliveries and attempts. Filters the API
 * would refuse are not sent: the form says what to fix.
 */
export default async function EventsPage({
  searchParams,
}: {
  searchParams: Record<string, string | string[] | undefined>;
}) {
  const access = await requirePageAccess('/events');
  if (!access.allowed) return <Forbidden backHref={access.session.destination} />;
  const scope = await readEventsScope(access, searchParams);
  if (scope === null) return <Forbidden backHref={access.session.destination} />;
  const filters = readEventFilters(searchParams);
  const problems = eventFilterProblems(filters);
  const valid = Object.keys(problems).length === 0;
  const query = eventListQuery(scope.workspace.id, filters, PAGE_SIZE);
  const read = await readForPage(() =>
    valid
      ? apiFetch<EventPage>(`/events?${query}`)
      : Promise.resolve<EventPage>({ items: [], next_cursor: null }),
  );
  if (read.denied) return <Forbidden backHref={access.session.destination} />;
  const filtered = hasEventFilters(filters);

  return (
    <>
      <div className="space-y-1">
        <h2 className="text-lg font-semibold tracking-tight">Events in {scope.workspace.name}</h2>
        <p className="max-w-prose text-sm text-muted-foreground">
          Newest first. Open an event to see where it went and every delivery attempt.
        </p>
      </div>
      {read.data.items.length === 0 && !filtered ? null : (
        <Card>
          <CardContent className="pt-6">
            <EventFiltersForm filters={filters} problems={problems} workspace={scope.param} />
          </CardContent>
        </Card>
      )}
      {read.data.items.length === 0 ? (
        filtered ? (
          <EmptyState
            role="status"
            icon={SearchX}
            headingLevel={2}
            title={valid ? 'No events match these filters.' : 'Fix the marked filter'}
            description={
              valid
                ? 'Widen the time range or clear a filter above to see more.'
                : 'Fix the marked filter to see matching events.'
            }
          />
        ) : (
          <EventsEmptyState
            kind="events"
            workspaceName={scope.workspace.name}
            modulesHref={scope.modulesHref}
          />
        )
      ) : (
        <Card>
          <CardContent className="pt-6">
            {/* Keyed by the query: new filters start a fresh list instead of appending. */}
            <EventList
              key={query}
              firstPage={read.data}
              query={query}
              workspaceId={scope.workspace.id}
            />
          </CardContent>
        </Card>
      )}
    </>
  );
}
