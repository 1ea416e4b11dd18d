'use client';

import { Fragment, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { Loader2, RotateCcw } from 'lucide-react';
import {
  Button,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  toast,
} from '@aiconnected/ui';
import type { DeadLetterPage, DeadLetterView } from '@aiconnected/sdk-contracts';
import { ConfirmDialog } from '../confirm-dialog';
import { FormError } from '../form-alerts';
import { formatInstant } from '../labels';
import { LoadMoreButton } from '../paging/load-more-button';
import { usePagedList } from '../paging/use-paged-list';
import { useApiAction } from '../use-api-action';
import { deliveryKindText, deliveryStatusText, sequenceText } from './event-labels';

/**
 * The dead-lettered deliveries of a workspace, newest first (a table from `xl` up, where its
 * columns fit beside the sidebar, a list below), each with Retry (queued again at once) and Skip (after a confirmation: its stream moves on without it). Every change shows a
 * toast and reloads the page's data.
 */
export function DeadLetterList({
  firstPage,
  query,
  workspaceId,
}: {
  firstPage: DeadLetterPage;
  /** The `GET /api/events/dead-letter` query, without the cursor. */
  query: string;
  workspaceId: string;
}) {
  const router = useRouter();
  const list = usePagedList<DeadLetterView>(firstPage, `/events/dead-letter?${query}`);
  const retry = useApiAction();
  const [retrying, setRetrying] = useState<string | null>(null);
  const [skipping, setSkipping] = useState<DeadLetterView | null>(null);
  // The Skip button that opened the confirmation gets focus back (there is no Radix trigger).
  const skipOpener = useRef<HTMLElement | null>(null);
  const path = (delivery: DeadLetterView, action: 'retry' | 'skip') =>
    `/events/deliveries/${encodeURIComponent(delivery.id)}/${action}`;

  async function retryOne(delivery: DeadLetterView) {
    setRetrying(delivery.id);
    const result = await retry.run(path(delivery, 'retry'), {
      method: 'POST',
      body: { workspace_id: workspaceId },
    });
    setRetrying(null);
    if (result.ok) {
      toast.success(`${delivery.event_name} is queued again for ${delivery.module_key}.`);
      router.refresh();
    } else if (result.code === 'NOT_FOUND' || result.code === 'CONFLICT') router.refresh();
  }

  const actions = (delivery: DeadLetterView) => (
    <div className="flex gap-2 xl:justify-end">
      <Button
        type="button"
        size="sm"
        onClick={() => void retryOne(delivery)}
        disabled={retrying !== null}
        aria-busy={retrying === delivery.id}
      >
        {retrying === delivery.id ? (
          <Loader2 className="animate-spin" aria-hidden="true" />
        ) : (
          <RotateCcw aria-hidden="true" />
        )}
        Retry
        <span className="sr-only">
          {' '}
          {delivery.event_name} to {delivery.module_key}
        </span>
      </Button>
      <Button
        type="button"
        size="sm"
        variant="outline"
        onClick={(click) => {
          skipOpener.current = click.currentTarget;
          setSkipping(delivery);
        }}
        disabled={retrying !== null}
      >
        Skip
        <span className="sr-only">
          {' '}
          {delivery.event_name} to {delivery.module_key}
        </span>
      </Button>
    </div>
  );

  return (
    <div className="space-y-4">
      <div className="hidden xl:block">
        <Table scrollLabel="Dead-lettered deliveries">
          <TableCaption className="sr-only">Dead-lettered deliveries, newest first</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHead>Gave up</TableHead>
              <TableHead>Event</TableHead>
              <TableHead>Module</TableHead>
              <TableHead>Last attempt</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.items.map((delivery) => (
              <TableRow key={delivery.id}>
                <TableCell className="whitespace-nowrap">
                  <GaveUp delivery={delivery} />
                </TableCell>
                <TableCell>
                  <span className="font-mono text-sm">
                    <BreakAtDots name={delivery.event_name} />
                  </span>
                  <span className="block text-xs text-muted-foreground">
                    <span className="font-mono">{delivery.stream}</span> #
                    {sequenceText(delivery.sequence)}
                  </span>
                </TableCell>
                <TableCell className="whitespace-nowrap">
                  <span className="font-mono text-sm">{delivery.module_key}</span>
                  <span className="block text-xs text-muted-foreground">
                    {deliveryKindText(delivery)}
                  </span>
                </TableCell>
                <TableCell className="min-w-48 text-muted-foreground">
                  {deliveryStatusText(delivery)}
                </TableCell>
                <TableCell>{actions(delivery)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <ul className="divide-y xl:hidden" aria-label="Dead-lettered deliveries, newest first">
        {list.items.map((delivery) => (
          <li key={delivery.id} className="space-y-2 py-3 first:pt-0">
            <p className="break-all font-mono text-sm">
              {delivery.event_name} <span className="text-muted-foreground">→</span>{' '}
              {delivery.module_key}
            </p>
            <p className="text-xs text-muted-foreground">
              <GaveUp delivery={delivery} /> · <span className="font-mono">{delivery.stream}</span>{' '}
              #{sequenceText(delivery.sequence)} · {deliveryKindText(delivery)}
            </p>
            <p className="text-sm text-muted-foreground">{deliveryStatusText(delivery)}</p>
            {actions(delivery)}
          </li>
        ))}
      </ul>
      <FormError message={retry.error} />
      <LoadMoreButton list={list} noun={{ one: 'delivery', other: 'deliveries' }} />
      {skipping ? (
        <ConfirmDialog
          open
          onOpenChange={(open) => (open ? undefined : setSkipping(null))}
          onCloseAutoFocus={(focus) => {
            focus.preventDefault();
            // After a skip the row is gone on refresh; the button stays until then.
            skipOpener.current?.focus();
          }}
          title={`Skip ${skipping.event_name} for ${skipping.module_key}?`}
          description={`It will not be sent to ${skipping.module_key} again, and the deliveries waiting behind it on stream “${skipping.stream}” go out. You can still send it later with a replay.`}
          confirmLabel="Skip delivery"
          request={[
            path(skipping, 'skip'),
            { method: 'POST', body: { workspace_id: workspaceId } },
          ]}
          onConfirmed={() => {
            toast.success(`${skipping.event_name} is skipped for ${skipping.module_key}.`);
            router.refresh();
          }}
        />
      ) : null}
    </div>
  );
}

/** An event name that may wrap after each dot (a long one would widen the table). */
function BreakAtDots({ name }: { name: string }) {
  return name.split('.').map((part, index) => (
    <Fragment key={index}>
      {index === 0 ? null : (
        <>
          .<wbr />
        </>
      )}
      {part}
    </Fragment>
  ));
}

/** When a delivery went to the dead letter. */
function GaveUp({ delivery }: { delivery: DeadLetterView }) {
  return delivery.dead_lettered_at ? (
    <time dateTime={delivery.dead_lettered_at}>
      {formatInstant(delivery.dead_lettered_at, { seconds: true })}
    </time>
  ) : null;
}
