'use client';

import { useRef, useState } from 'react';
import {
  Badge,
  Button,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@aiconnected/ui';
import type { EventPage, EventView } from '@aiconnected/sdk-contracts';
import { formatInstant } from '../labels';
import { LoadMoreButton } from '../paging/load-more-button';
import { usePagedList } from '../paging/use-paged-list';
import { EventDetailSheet } from './event-detail-sheet';
import { deliveryCountsText, EVENT_STATE_LABELS, sequenceText } from './event-labels';

/**
 * The events of a workspace, newest first: the first page from the server, "Load more"
 * follows the keyset cursor. A table from `xl` up (where its columns fit beside the sidebar), a list below (only one is
 * displayed, so the other is out of the accessibility tree). Each event's name opens its
 * detail sheet (deliveries and every attempt).
 */
export function EventList({
  firstPage,
  query,
  workspaceId,
}: {
  firstPage: EventPage;
  /** The `GET /api/events` query of the filters, without the cursor. */
  query: string;
  workspaceId: string;
}) {
  const list = usePagedList<EventView>(firstPage, `/events?${query}`);
  const [open, setOpen] = useState<EventView | null>(null);
  // The name that opened the sheet gets focus back when it closes (there is no Radix trigger).
  const opener = useRef<HTMLElement | null>(null);
  const name = (event: EventView) => (
    <EventNameButton
      event={event}
      onOpen={(element) => {
        opener.current = element;
        setOpen(event);
      }}
    />
  );

  return (
    <div className="space-y-4">
      <div className="hidden xl:block">
        <Table scrollLabel="Events">
          <TableCaption className="sr-only">Events, newest first</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHead>Recorded</TableHead>
              <TableHead>Event</TableHead>
              <TableHead>Stream</TableHead>
              <TableHead>State</TableHead>
              <TableHead>Deliveries</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.items.map((event) => (
              <TableRow key={event.id}>
                <TableCell className="whitespace-nowrap">
                  <Recorded event={event} />
                </TableCell>
                <TableCell>
                  {name(event)}
                  <span className="block text-xs text-muted-foreground">{event.source}</span>
                </TableCell>
                <TableCell className="whitespace-nowrap">
                  <span className="font-mono text-xs">{event.stream}</span>
                  <span className="block text-xs text-muted-foreground">
                    #{sequenceText(event.sequence)}
                  </span>
                </TableCell>
                <TableCell>
                  <StateBadge event={event} />
                </TableCell>
                <TableCell className="text-muted-foreground">
                  {deliveryCountsText(event.deliveries)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <ul className="divide-y xl:hidden" aria-label="Events, newest first">
        {list.items.map((event) => (
          <li key={event.id} className="space-y-1 py-3 first:pt-0">
            <div className="flex items-start justify-between gap-3">
              <div className="min-w-0">{name(event)}</div>
              <StateBadge event={event} />
            </div>
            <p className="text-xs text-muted-foreground">
              <Recorded event={event} /> · <span className="font-mono">{event.stream}</span> #
              {sequenceText(event.sequence)} · {event.source}
            </p>
            <p className="text-sm text-muted-foreground">
              Deliveries: {deliveryCountsText(event.deliveries)}
            </p>
          </li>
        ))}
      </ul>
      <LoadMoreButton list={list} noun={{ one: 'event', other: 'events' }} />
      <EventDetailSheet
        event={open}
        workspaceId={workspaceId}
        onOpenChange={(next) => (next ? undefined : setOpen(null))}
        onCloseAutoFocus={(focus) => {
          focus.preventDefault();
          opener.current?.focus();
        }}
      />
    </div>
  );
}

/** An event's name, the button that opens its details ("<name>: details" to assistive tech). */
function EventNameButton({
  event,
  onOpen,
}: {
  event: EventView;
  onOpen: (opener: HTMLElement) => void;
}) {
  return (
    <Button
      type="button"
      variant="link"
      className="h-auto whitespace-normal break-all p-0 text-left font-mono text-sm text-foreground underline decoration-muted-foreground/60 underline-offset-4 hover:decoration-foreground"
      onClick={(click) => onOpen(click.currentTarget)}
      aria-label={`${event.event_name}: details`}
      aria-haspopup="dialog"
    >
      {event.event_name}
    </Button>
  );
}

function Recorded({ event }: { event: EventView }) {
  return (
    <time dateTime={event.recorded_at}>{formatInstant(event.recorded_at, { seconds: true })}</time>
  );
}

function StateBadge({ event }: { event: EventView }) {
  const state = EVENT_STATE_LABELS[event.delivery_state];
  return (
    <Badge variant={state.variant} className="shrink-0 whitespace-nowrap">
      {state.label}
    </Badge>
  );
}
