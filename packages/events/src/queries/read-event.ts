import type { Db } from '@aiconnected/db';
import {
  ShellError,
  type EventDeliveryAttemptView,
  type EventDetailView,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { DELIVERY_COLUMNS, toDeliveryView, type DeliveryRow } from '../operations/delivery-view';
import { requireEventsManager } from '../operations/require-events-manager';
import { groupBy } from './group-by';
import { EVENT_VIEW_COLUMNS, toEventFields, type EventViewRow } from './event-row';

export interface ReadEventInput {
  workspaceId: string;
  eventId: string;
}

interface AttemptRow {
  delivery_id: string;
  attempt: number;
  started_at: Date;
  duration_ms: number;
  response_status: number | null;
  outcome: EventDeliveryAttemptView['outcome'];
  error: string | null;
}

/**
 * `GET /events/{event_id}?workspace_id=`: one event with each delivery and every attempt, in
 * the order they were made (a retry or replay numbers its attempts from 1 again).
 * `events.manage` in the workspace; an event of another workspace, or none, is `NOT_FOUND`
 * (never told apart, so ids cannot be probed).
 */
export async function readEvent(
  db: Db,
  actor: WorkspaceContext,
  input: ReadEventInput,
): Promise<EventDetailView> {
  return db.withWorkspace(actor, async (tx) => {
    await requireEventsManager(tx, actor, input.workspaceId, 'reading an event');
    const { rows } = await tx.query<EventViewRow>(
      `select ${EVENT_VIEW_COLUMNS} from public.events e where e.id = $1 and e.workspace_id = $2`,
      [input.eventId, input.workspaceId],
    );
    const [event] = rows;
    if (!event) {
      throw new ShellError('NOT_FOUND', `event ${input.eventId} not in ${input.workspaceId}`, {
        userMessage: 'This event does not exist in this workspace.',
      });
    }
    const { rows: deliveries } = await tx.query<DeliveryRow>(
      `select ${DELIVERY_COLUMNS} from public.event_deliveries d
        where d.event_id = $1 order by d.module_key, d.kind`,
      [event.id],
    );
    const { rows: attempts } = await tx.query<AttemptRow>(
      `select a.delivery_id, a.attempt, a.started_at, a.duration_ms, a.response_status,
              a.outcome, a.error
         from public.event_delivery_attempts a
        where a.delivery_id = any($1::uuid[])
        order by a.started_at, a.id`,
      [deliveries.map((delivery) => delivery.id)],
    );
    const byDelivery = groupBy(attempts, (attempt) => attempt.delivery_id);
    return {
      ...toEventFields(event),
      deliveries: deliveries.map((delivery) => ({
        ...toDeliveryView(delivery),
        attempts_log: (byDelivery.get(delivery.id) ?? []).map((attempt) => ({
          attempt: attempt.attempt,
          started_at: attempt.started_at.toISOString(),
          duration_ms: attempt.duration_ms,
          response_status: attempt.response_status,
          outcome: attempt.outcome,
          error: attempt.error,
        })),
      })),
    };
  });
}
