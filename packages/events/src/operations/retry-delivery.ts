import { asServiceRole, type Db } from '@aiconnected/db';
import { recordAudit } from '@aiconnected/access';
import type { EventDeliveryView, WorkspaceContext } from '@aiconnected/sdk-contracts';
import { summariseEvents } from '../delivery/record-lane-batch';
import { DELIVERY_COLUMNS, toDeliveryView, type DeliveryRow } from './delivery-view';
import { requireEventsManager } from './require-events-manager';
import { lockDelivery, wrongDeliveryState } from './lock-delivery';

export interface RetryDeliveryInput {
  workspaceId: string;
  deliveryId: string;
  correlationId: string;
}

/**
 * `POST /events/deliveries/{id}/retry`: a dead-lettered delivery goes back to `pending` with a
 * fresh schedule (attempt count 0, next attempt now), its event's summary recomputed, so its
 * lane, which waited behind it, moves again: the delivery runtime sends it, then the
 * deliveries queued behind it, in order. `events.manage` in the workspace
 * (`requireEventsManager`); `NOT_FOUND` for a delivery the workspace does not have;
 * `CONFLICT` (`details: { reason: "state", state }`) unless it is dead-lettered. Audited as
 * `events.delivery_retry` in the same transaction.
 */
export async function retryDelivery(
  db: Db,
  actor: WorkspaceContext,
  input: RetryDeliveryInput,
): Promise<EventDeliveryView> {
  const { workspaceId, deliveryId } = input;
  return db.withWorkspace(actor, async (tx) => {
    await requireEventsManager(tx, actor, workspaceId, 'retrying a delivery');
    const row = await lockDelivery(tx, workspaceId, deliveryId);
    if (row.state !== 'dead_letter') {
      throw wrongDeliveryState(row, 'retried', 'a dead-lettered delivery');
    }
    // The state change to pending wakes the lane (migration 040's outbox trigger).
    const rows = await asServiceRole(tx, 'events: retry a dead-lettered delivery', async () => {
      const moved = await tx.query<DeliveryRow>(
        `update public.event_deliveries d
            set state = 'pending', attempts = 0, next_attempt_at = now(),
                dead_lettered_at = null, updated_at = now()
          where d.id = $1
          returning ${DELIVERY_COLUMNS}`,
        [row.id],
      );
      await summariseEvents(tx, [row.event_id]);
      return moved.rows;
    });
    const [updated] = rows;
    if (!updated) throw new Error(`event_deliveries ${row.id} vanished under its lock`);
    await recordAudit(tx, actor, {
      workspaceId,
      action: 'events.delivery_retry',
      targetType: 'event_delivery',
      targetId: row.id,
      metadata: {
        event_id: row.event_id,
        event_name: row.event_name,
        module_key: row.module_key,
        state: { from: row.state, to: updated.state },
      },
      correlationId: input.correlationId,
    });
    return toDeliveryView(updated);
  });
}
