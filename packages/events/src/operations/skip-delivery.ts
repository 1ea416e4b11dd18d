import { asServiceRole, type Db } from '@aiconnected/db';
import { recordAudit } from '@aiconnected/access';
import type { EventDeliveryView, WorkspaceContext } from '@aiconnected/sdk-contracts';
import { summariseEvents } from '../delivery/record-lane-batch';
import { DELIVERY_COLUMNS, toDeliveryView, type DeliveryRow } from './delivery-view';
import { requireEventsManager } from './require-events-manager';
import { wakeLane } from './wake-lane';
import { lockDelivery, wrongDeliveryState } from './lock-delivery';

export interface SkipDeliveryInput {
  workspaceId: string;
  deliveryId: string;
  correlationId: string;
}

/**
 * `POST /events/deliveries/{id}/skip`: a dead-lettered delivery (or one still pending, e.g.
 * backing off) is given up (`skipped`, `skip_reason: "admin"`), so its lane stops waiting
 * behind it: the deliveries queued after it go out, in order (the lane is woken on commit).
 * The event is not sent to that module unless someone replays it; its summary is recomputed. `events.manage` in the
 * workspace; `NOT_FOUND` for a delivery the workspace does not have; `CONFLICT`
 * (`details: { reason: "state", state }`) for a delivered or skipped one. Audited as
 * `events.delivery_skip`.
 */
export async function skipDelivery(
  db: Db,
  actor: WorkspaceContext,
  input: SkipDeliveryInput,
): Promise<EventDeliveryView> {
  const { workspaceId, deliveryId } = input;
  return db.withWorkspace(actor, async (tx) => {
    await requireEventsManager(tx, actor, workspaceId, 'skipping a delivery');
    const row = await lockDelivery(tx, workspaceId, deliveryId);
    if (row.state !== 'dead_letter' && row.state !== 'pending') {
      throw wrongDeliveryState(row, 'skipped', 'a dead-lettered or pending delivery');
    }
    const updated = await asServiceRole(tx, 'events: skip a delivery', async () => {
      const { rows } = await tx.query<DeliveryRow>(
        `update public.event_deliveries d
            set state = 'skipped', skip_reason = 'admin', skipped_at = now(), updated_at = now()
          where d.id = $1
          returning ${DELIVERY_COLUMNS}`,
        [row.id],
      );
      await summariseEvents(tx, [row.event_id]);
      await wakeLane(tx, { installationId: row.installation_id, stream: row.stream });
      return rows[0];
    });
    if (!updated) throw new Error(`event_deliveries ${row.id} vanished under its lock`);
    await recordAudit(tx, actor, {
      workspaceId,
      action: 'events.delivery_skip',
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
