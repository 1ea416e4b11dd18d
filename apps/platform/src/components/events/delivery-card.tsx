import { Badge } from '@aiconnected/ui';
import type { EventDetailView } from '@aiconnected/sdk-contracts';
import { formatInstant } from '../labels';
import {
  ATTEMPT_OUTCOME_LABELS,
  DELIVERY_STATE_LABELS,
  deliveryKindText,
  deliveryStatusText,
} from './event-labels';

type DeliveryWithAttempts = EventDetailView['deliveries'][number];

/**
 * One delivery of an event in its detail sheet: the module, what kind, its state in a
 * sentence, the webhook-id it carries, and every attempt (when, how long, the answer).
 */
export function DeliveryCard({ delivery }: { delivery: DeliveryWithAttempts }) {
  const state = DELIVERY_STATE_LABELS[delivery.state];
  return (
    <li
      className="space-y-2 rounded-lg border p-3"
      aria-label={`Delivery to ${delivery.module_key}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-mono text-sm font-medium">{delivery.module_key}</span>
        <Badge variant={state.variant}>{state.label}</Badge>
        <span className="text-xs text-muted-foreground">{deliveryKindText(delivery)}</span>
        {delivery.replays > 0 ? (
          <span className="text-xs text-muted-foreground">
            replayed {delivery.replays} {delivery.replays === 1 ? 'time' : 'times'}
          </span>
        ) : null}
      </div>
      <p className="text-sm">{deliveryStatusText(delivery)}</p>
      <p className="break-all text-xs text-muted-foreground">
        webhook-id <span className="font-mono">{delivery.id}</span>
      </p>
      {delivery.attempts_log.length > 0 ? (
        <ol className="space-y-1 border-t pt-2 text-xs" aria-label="Attempts">
          {delivery.attempts_log.map((attempt) => (
            // Spaces between the parts: the gaps are only visual, a screen reader needs words.
            <li key={attempt.attempt} className="flex flex-wrap gap-x-3 gap-y-0.5">
              <span className="font-medium">#{attempt.attempt}</span>{' '}
              <time dateTime={attempt.started_at}>
                {formatInstant(attempt.started_at, { seconds: true })}
              </time>{' '}
              <span>{ATTEMPT_OUTCOME_LABELS[attempt.outcome]}</span>{' '}
              {attempt.response_status !== null ? (
                <>
                  <span className="font-mono">HTTP {attempt.response_status}</span>{' '}
                </>
              ) : null}
              <span className="text-muted-foreground">{attempt.duration_ms} ms</span>
              {attempt.error ? (
                <>
                  {' '}
                  <span className="basis-full break-words text-muted-foreground">
                    {attempt.error}
                  </span>
                </>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
    </li>
  );
}
