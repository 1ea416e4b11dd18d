import type {
  EventDeliveryAttemptView,
  EventDeliveryState,
  EventDeliveryView,
  EventSubscriptionView,
  EventSummaryState,
} from '@aiconnected/sdk-contracts';
import { formatInstant } from '../labels';

type BadgeVariant = 'default' | 'secondary' | 'destructive' | 'outline' | 'success';

/** An event's summary state over its deliveries, in words, with its badge. */
export const EVENT_STATE_LABELS: Record<
  EventSummaryState,
  { label: string; variant: BadgeVariant; hint: string }
> = {
  pending: { label: 'Pending', variant: 'secondary', hint: 'Deliveries are on their way.' },
  delivered: { label: 'Delivered', variant: 'success', hint: 'Every subscriber received it.' },
  failed: {
    label: 'Failing',
    variant: 'outline',
    hint: 'A delivery failed and is retried on its schedule.',
  },
  dead_letter: {
    label: 'Dead letter',
    variant: 'destructive',
    hint: 'A delivery gave up after its last attempt: retry, skip or replay it.',
  },
  no_subscribers: {
    label: 'No subscribers',
    variant: 'outline',
    hint: 'No enabled module here consumes it: stored, delivered to nobody.',
  },
  skipped: {
    label: 'Skipped',
    variant: 'outline',
    hint: 'Every delivery was skipped, so no module received it: replay it to send it again.',
  },
};

/** One delivery's state, in words, with its badge. */
export const DELIVERY_STATE_LABELS: Record<
  EventDeliveryState,
  { label: string; variant: BadgeVariant }
> = {
  pending: { label: 'Pending', variant: 'secondary' },
  delivered: { label: 'Delivered', variant: 'success' },
  dead_letter: { label: 'Dead letter', variant: 'destructive' },
  skipped: { label: 'Skipped', variant: 'outline' },
};

/** Why a delivery was skipped. */
export const SKIP_REASON_TEXT: Record<NonNullable<EventDeliveryView['skip_reason']>, string> = {
  admin: 'Skipped by an administrator.',
  endpoint_gone: 'Skipped: the module’s endpoint answered 410 Gone, so its deliveries stopped.',
  installation_not_enabled: 'Skipped: the module was not enabled when it was due.',
};

/** One attempt's outcome in words. */
export const ATTEMPT_OUTCOME_LABELS: Record<EventDeliveryAttemptView['outcome'], string> = {
  delivered: 'Delivered',
  failed: 'Failed',
  timeout: 'Timed out',
  unreachable: 'Unreachable',
  refused: 'Refused',
  gone: 'Gone (410)',
};

/** What a delivery is: `Event` to a consumer, or the module's `install` lifecycle action. */
export function deliveryKindText(delivery: Pick<EventDeliveryView, 'kind' | 'action'>): string {
  return delivery.kind === 'action' && delivery.action !== null
    ? `Lifecycle action: ${delivery.action}`
    : 'Event';
}

/**
 * Where a delivery stands, in one sentence: when it was delivered, skipped or given up, or
 * when it is next tried, with the last answer.
 */
export function deliveryStatusText(delivery: EventDeliveryView): string {
  const tries = `${delivery.attempts} ${delivery.attempts === 1 ? 'attempt' : 'attempts'}`;
  const last =
    delivery.last_status !== null
      ? `, last answer ${delivery.last_status}`
      : delivery.last_error
        ? `, last error: ${delivery.last_error}`
        : '';
  switch (delivery.state) {
    case 'delivered':
      return delivery.delivered_at
        ? `Delivered ${formatInstant(delivery.delivered_at, { seconds: true })} after ${tries}.`
        : `Delivered after ${tries}.`;
    case 'skipped':
      return delivery.skip_reason ? SKIP_REASON_TEXT[delivery.skip_reason] : 'Skipped.';
    case 'dead_letter':
      return `Gave up after ${tries}${last}.`;
    case 'pending':
      if (delivery.behind_dead_letter) {
        return 'Waiting behind a dead letter in its stream: sent once that delivery is retried, skipped or replayed.';
      }
      if (delivery.attempts === 0) return 'Not tried yet.';
      return delivery.next_attempt_at
        ? `${tries}${last}; next try ${formatInstant(delivery.next_attempt_at, { seconds: true })}.`
        : `${tries}${last}.`;
  }
}

/** `2 delivered, 1 dead letter`: an event's deliveries counted by state; `none` without any. */
export function deliveryCountsText(deliveries: readonly Pick<EventDeliveryView, 'state'>[]) {
  if (deliveries.length === 0) return 'none';
  const counts = new Map<EventDeliveryState, number>();
  for (const { state } of deliveries) counts.set(state, (counts.get(state) ?? 0) + 1);
  return [...counts.entries()]
    .map(([state, count]) => `${count} ${DELIVERY_STATE_LABELS[state].label.toLowerCase()}`)
    .join(', ');
}

/** `00000000000000000042` -> `42`: a stream position as people read it. */
export function sequenceText(sequence: string): string {
  return sequence.replace(/^0+(?=\d)/, '');
}

/** A subscription's health: its endpoint, then its dead letter, then its backlog. */
export function subscriptionHealth(subscription: EventSubscriptionView): {
  label: string;
  variant: BadgeVariant;
  text: string;
} {
  if (subscription.endpoint === 'disabled') {
    return {
      label: 'Endpoint disabled',
      variant: 'destructive',
      text:
        subscription.disabled_reason === 'endpoint_gone'
          ? 'Its endpoint answered 410 Gone: new events are not sent to it and its pending ones were skipped. Resume once the module is fixed.'
          : 'An administrator paused its endpoint: new events are not sent to it. Resume to send them again.',
    };
  }
  if (subscription.dead_letter > 0) {
    return {
      label: 'Dead letters',
      variant: 'destructive',
      text:
        subscription.dead_letter === 1
          ? '1 delivery in the dead letter: its stream waits until you retry or skip it.'
          : `${subscription.dead_letter} deliveries in the dead letter: their streams wait until you retry or skip them.`,
    };
  }
  return {
    label: 'Receiving',
    variant: 'success',
    text:
      subscription.pending > 0
        ? `${subscription.pending} ${subscription.pending === 1 ? 'delivery' : 'deliveries'} on the way.`
        : 'Nothing waiting.',
  };
}
