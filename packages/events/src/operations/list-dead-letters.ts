import type { Db } from '@aiconnected/db';
import { decodePageCursor, encodePageCursor, PAGE_LIMIT, toPage } from '@aiconnected/access';
import {
  formatEventSequence,
  type DeadLetterPage,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { DELIVERY_COLUMNS, toDeliveryView, type DeliveryRow } from './delivery-view';
import { requireEventsManager } from './require-events-manager';

export interface ListDeadLettersInput {
  workspaceId: string;
  /** Only this module's deliveries. */
  moduleKey?: string;
  /** `next_cursor` of the previous page (`VALIDATION_BLOCKING` when not one we issued). */
  cursor?: string;
  limit?: number;
}

interface DeadLetterRow extends DeliveryRow {
  event_name: string;
  sequence: string;
  recorded_at: Date;
  /** `dead_lettered_at` with microseconds, for the cursor. */
  position: string;
}

/**
 * `GET /events/dead-letter`: the workspace's dead-lettered deliveries, the most recent first
 * (keyset on (dead_lettered_at, id), migration 040's partial index), each with its event's
 * name, stream, sequence and recording time. `events.manage` in the workspace. RLS filters the
 * rows as well (the same capability), and the query names the workspace.
 */
export async function listDeadLetters(
  db: Db,
  actor: WorkspaceContext,
  input: ListDeadLettersInput,
): Promise<DeadLetterPage> {
  const { workspaceId } = input;
  const limit = input.limit ?? PAGE_LIMIT.default;
  const after =
    input.cursor === undefined
      ? null
      : decodePageCursor('event-dead-letter', input.cursor, ['timestamp', 'uuid']);
  return db.withWorkspace(actor, async (tx) => {
    await requireEventsManager(tx, actor, workspaceId, 'listing the dead letter');
    const { rows } = await tx.query<DeadLetterRow>(
      `select ${DELIVERY_COLUMNS}, e.event_name, e.sequence::text as sequence, e.recorded_at,
              to_char(d.dead_lettered_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as position
         from public.event_deliveries d
         join public.events e on e.id = d.event_id
        where d.workspace_id = $1 and d.state = 'dead_letter'
          and ($2::text is null or d.module_key = $2)
          and ($3::timestamptz is null or (d.dead_lettered_at, d.id) < ($3::timestamptz, $4::uuid))
        order by d.dead_lettered_at desc, d.id desc
        limit $5`,
      [workspaceId, input.moduleKey ?? null, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    return toPage(
      rows,
      limit,
      (row) => ({
        ...toDeliveryView(row),
        event_name: row.event_name,
        stream: row.stream,
        sequence: formatEventSequence(row.sequence),
        recorded_at: row.recorded_at.toISOString(),
      }),
      (row) => encodePageCursor('event-dead-letter', [row.position, row.id]),
    );
  });
}
