'use client';

import { useEffect, useState } from 'react';
import { Loader2 } from 'lucide-react';
import { Badge, Sheet, SheetContent, SheetDescription, SheetTitle } from '@aiconnected/ui';
import type { EventDetailView, EventView } from '@aiconnected/sdk-contracts';
import { callApi } from '@/lib/client-api';
import { FormError } from '../form-alerts';
import { formatInstant } from '../labels';
import { DeliveryCard } from './delivery-card';
import { EVENT_STATE_LABELS, sequenceText } from './event-labels';

/** The answer for the event the sheet shows, tagged with its id so a stale answer is ignored. */
type Detail = { id: string; data: EventDetailView } | { id: string; error: string };

/**
 * One event in a sheet from the right: what it is (name, source, stream position, correlation
 * id, times, payload) and each delivery with every attempt, read when it opens
 * (`GET /api/events/{id}`). Escape or Close returns focus to the event's name (`onCloseAutoFocus`).
 */
export function EventDetailSheet({
  event,
  workspaceId,
  onOpenChange,
  onCloseAutoFocus,
}: {
  /** The listed event to show; null while closed. */
  event: EventView | null;
  workspaceId: string;
  onOpenChange: (open: boolean) => void;
  /** Where focus goes when it closes (the event's name that opened it). */
  onCloseAutoFocus: (event: Event) => void;
}) {
  const [detail, setDetail] = useState<Detail | null>(null);
  const id = event?.id ?? null;

  useEffect(() => {
    if (id === null) return;
    let current = true;
    void callApi<EventDetailView>(
      `/events/${encodeURIComponent(id)}?workspace_id=${encodeURIComponent(workspaceId)}`,
    ).then((result) => {
      if (!current) return;
      setDetail(result.ok ? { id, data: result.data } : { id, error: result.message });
    });
    return () => {
      current = false;
    };
  }, [id, workspaceId]);

  const loaded = detail !== null && detail.id === id ? detail : null;
  const state = event ? EVENT_STATE_LABELS[event.delivery_state] : null;

  return (
    <Sheet open={event !== null} onOpenChange={onOpenChange}>
      <SheetContent side="right" onCloseAutoFocus={onCloseAutoFocus}>
        {event && state ? (
          <div className="space-y-6">
            <div className="space-y-2 pr-8">
              <SheetTitle className="break-all font-mono text-lg font-semibold">
                {event.event_name}
              </SheetTitle>
              <SheetDescription asChild>
                <div className="flex flex-wrap items-center gap-2 text-sm">
                  <Badge variant={state.variant}>{state.label}</Badge>
                  <span className="text-muted-foreground">{state.hint}</span>
                </div>
              </SheetDescription>
            </div>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
              <Fact term="Event id" mono>
                {event.id}
              </Fact>
              <Fact term="Source" mono>
                {event.source}
              </Fact>
              <Fact term="Stream" mono>
                {event.stream} #{sequenceText(event.sequence)}
              </Fact>
              <Fact term="Correlation id" mono>
                {event.correlation_id}
              </Fact>
              <Fact term="Occurred">{formatInstant(event.occurred_at, { seconds: true })}</Fact>
              <Fact term="Recorded">{formatInstant(event.recorded_at, { seconds: true })}</Fact>
            </dl>
            <section className="space-y-2" aria-labelledby="event-payload-title">
              <h3 id="event-payload-title" className="text-sm font-medium">
                Payload
              </h3>
              <pre
                className="max-h-64 overflow-auto rounded-md border bg-muted p-3 font-mono text-xs"
                tabIndex={0}
                aria-labelledby="event-payload-title"
              >
                {JSON.stringify(event.payload, null, 2)}
              </pre>
            </section>
            <section className="space-y-3" aria-labelledby="event-deliveries-title">
              <h3 id="event-deliveries-title" className="text-sm font-medium">
                Deliveries
              </h3>
              <div aria-live="polite" aria-busy={loaded === null}>
                {loaded === null ? (
                  <p className="flex items-center gap-2 text-sm text-muted-foreground">
                    <Loader2 className="h-4 w-4 animate-spin" aria-hidden="true" />
                    Loading deliveries and attempts…
                  </p>
                ) : 'error' in loaded ? (
                  <FormError message={loaded.error} />
                ) : loaded.data.deliveries.length === 0 ? (
                  <p className="text-sm text-muted-foreground">
                    None: no enabled module in this workspace consumes {event.event_name}.
                  </p>
                ) : (
                  <ul className="space-y-3">
                    {loaded.data.deliveries.map((delivery) => (
                      <DeliveryCard key={delivery.id} delivery={delivery} />
                    ))}
                  </ul>
                )}
              </div>
            </section>
          </div>
        ) : null}
      </SheetContent>
    </Sheet>
  );
}

/** One line of the event's facts. */
function Fact({
  term,
  mono = false,
  children,
}: {
  term: string;
  mono?: boolean;
  children: React.ReactNode;
}) {
  return (
    <>
      <dt className="text-muted-foreground">{term}</dt>
      <dd className={mono ? 'min-w-0 break-all font-mono text-xs leading-5' : 'min-w-0'}>
        {children}
      </dd>
    </>
  );
}
