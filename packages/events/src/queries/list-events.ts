import type { Db } from '@aiconnected/db';
import { decodePageCursor, encodePageCursor, toPage } from '@aiconnected/access';
import type {
  EventListQuery,
  EventPage,
  EventSummaryState,
  WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { DELIVERY_COLUMNS, toDeliveryView, type DeliveryRow } from '../operations/delivery-view';
import { requireEventsManager } from '../operations/require-events-manager';
import { groupBy } from './group-by';
import { EVENT_VIEW_COLUMNS, toEventFields, type EventViewRow } from './event-row';

export interface ListEventsInput {
  /** Default: the actor's active workspace. */
  workspaceId?: string;
  eventName?: string;
  stream?: string;
  correlationId?: string;
  state?: EventSummaryState;
  cursor?: string;
  limit?: number;
}

const DEFAULT_LIMIT = 50;

/** The input of `listEvents` from `GET /events`' parsed query. */
export function listEventsInputOf(query: EventListQuery): ListEventsInput {
  return {
    workspaceId: query.workspace_id,
    eventName: query.event_name,
    stream: query.stream,
    correlationId: query.correlation_id,
    state: query.state,
    cursor: query.cursor,
    limit: query.limit,
  };
}

/**
 * `GET /events`: a workspace's events, newest first (keyset on (recorded_at, id), migration
 * 041's index), filtered by name, stream, correlation id or summary state, each with its
 * deliveries. `events.manage` in the workspace (the active one by default; super members and
 * agency admins may name any workspace they can see). Two statements: the page, then its
 * deliveries.
 */
export async function listEvents(
  db: Db,
  actor: WorkspaceContext,
  input: ListEventsInput,
): Promise<EventPage> {
  const workspaceId = input.workspaceId ?? actor.workspace_id;
  const limit = input.limit ?? DEFAULT_LIMIT;
  const after =
    input.cursor === undefined
      ? null
      : decodePageCursor('events', input.cursor, ['timestamp', 'uuid']);
  return db.withWorkspace(actor, async (tx) => {
    await requireEventsManager(tx, actor, workspaceId, 'reading the event monitor');
    const { rows } = await tx.query<EventViewRow>(
      `select ${EVENT_VIEW_COLUMNS}
         from public.events e
        where e.workspace_id = $1
          and ($2::text is null or e.event_name = $2)
          and ($3::text is null or e.stream = $3)
          and ($4::text is null or e.correlation_id = $4)
          and ($5::text is null or e.delivery_state = $5)
          and ($6::timestamptz is null or (e.recorded_at, e.id) < ($6::timestamptz, $7::uuid))
        order by e.recorded_at desc, e.id desc
        limit $8`,
      [
        workspaceId,
        input.eventName ?? null,
        input.stream ?? null,
        input.correlationId ?? null,
        input.state ?? null,
        after?.[0] ?? null,
        after?.[1] ?? null,
        limit + 1,
      ],
    );
    const page = rows.slice(0, limit);
    const { rows: deliveries } = await tx.query<DeliveryRow>(
      `select ${DELIVERY_COLUMNS} from public.event_deliveries d
        where d.event_id = any($1::uuid[])
        order by d.event_id, d.module_key, d.kind`,
      [page.map((row) => row.id)],
    );
    const byEvent = groupBy(deliveries, (delivery) => delivery.event_id);
    return toPage(
      rows,
      limit,
      (row) => ({
        ...toEventFields(row),
        deliveries: (byEvent.get(row.id) ?? []).map(toDeliveryView),
      }),
      (row) => encodePageCursor('events', [row.position, row.id]),
    );
  });
}
