import type { Metadata } from 'next';
import { Card, CardContent } from '@aiconnected/ui';
import type { DeadLetterPage, EventSubscriptionView } from '@aiconnected/sdk-contracts';
import { DeadLetterList } from '@/components/events/dead-letter-list';
import { EventsEmptyState } from '@/components/events/events-empty-state';
import { ReplayDialog } from '@/components/events/replay-dialog';
import { Forbidden } from '@/components/forbidden';
import { readEventsScope } from '@/lib/events-scope';
import { requirePageAccess } from '@/lib/guard';
import { readForPage } from '@/lib/page-errors';
import { apiFetch } from '@/lib/server-api';

export const metadata: Metadata = { title: 'Dead letter · Events' };

const PAGE_SIZE = 50;

/**
 * `/events/dead-letter`: the deliveries of the picked workspace that gave up, with retry and
 * skip, and replay of a stream or a time range (to every subscriber or one module).
 */
export default async function DeadLetterTabPage({
  searchParams,
}: {
  searchParams: Record<string, string | string[] | undefined>;
}) {
  const access = await requirePageAccess('/events/dead-letter');
  if (!access.allowed) return <Forbidden backHref={access.session.destination} />;
  const scope = await readEventsScope(access, searchParams);
  if (scope === null) return <Forbidden backHref={access.session.destination} />;
  const workspaceId = encodeURIComponent(scope.workspace.id);
  const query = `workspace_id=${workspaceId}&limit=${PAGE_SIZE}`;
  const read = await readForPage(() =>
    Promise.all([
      apiFetch<DeadLetterPage>(`/events/dead-letter?${query}`),
      apiFetch<{ items: EventSubscriptionView[] }>(
        `/events/subscriptions?workspace_id=${workspaceId}`,
      ),
    ]),
  );
  if (read.denied) return <Forbidden backHref={access.session.destination} />;
  const [deadLetter, subscriptions] = read.data;
  const moduleKeys = [...new Set(subscriptions.items.map((item) => item.module_key))].sort();

  return (
    <>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div className="space-y-1">
          <h2 className="text-lg font-semibold tracking-tight">Dead letter</h2>
          <p className="max-w-prose text-sm text-muted-foreground">
            Deliveries that failed through their last attempt. The stream behind each one waits for
            it: retry it once the module is fixed, or skip it.
          </p>
        </div>
        <ReplayDialog workspaceId={scope.workspace.id} moduleKeys={moduleKeys} />
      </div>
      {deadLetter.items.length === 0 ? (
        <EventsEmptyState
          kind="dead_letter"
          workspaceName={scope.workspace.name}
          modulesHref={null}
        />
      ) : (
        <Card>
          <CardContent className="pt-6">
            <DeadLetterList
              key={query}
              firstPage={deadLetter}
              query={query}
              workspaceId={scope.workspace.id}
            />
          </CardContent>
        </Card>
      )}
    </>
  );
}
