import { asServiceRole, type Tx } from '@aiconnected/db';
import { ShellError } from '@aiconnected/sdk-contracts';
import { DELIVERY_COLUMNS, type DeliveryRow } from './delivery-view';

/** A delivery with its event's name (for the audit row). */
export interface LockedDelivery extends DeliveryRow {
  event_name: string;
}

/**
 * The delivery `deliveryId` of `workspaceId`, locked for this transaction (a concurrent retry
 * or skip of it waits, then sees the new state). `NOT_FOUND` when the workspace has no such
 * delivery, also when it is another workspace's: ids cannot be probed. Read as the service
 * (a row lock needs the update grant `authenticated` lacks), after the caller's access check
 * and filtered by that workspace.
 */
export async function lockDelivery(
  tx: Tx,
  workspaceId: string,
  deliveryId: string,
): Promise<LockedDelivery> {
  const { rows } = await asServiceRole(tx, 'events: lock a delivery to operate on', () =>
    tx.query<LockedDelivery>(
      `select ${DELIVERY_COLUMNS}, e.event_name
         from public.event_deliveries d
         join public.events e on e.id = d.event_id
        where d.id = $1 and d.workspace_id = $2
          for update of d`,
      [deliveryId, workspaceId],
    ),
  );
  const [row] = rows;
  if (!row) {
    throw new ShellError('NOT_FOUND', `delivery ${deliveryId} not in workspace ${workspaceId}`, {
      userMessage: 'This delivery does not exist in this workspace.',
      details: { delivery_id: deliveryId },
    });
  }
  return row;
}

/**
 * `CONFLICT` for a delivery in a state the operation does not take
 * (`details: { reason: "state", state }`): `allowed` names the states it does.
 */
export function wrongDeliveryState(
  row: DeliveryRow,
  operation: string,
  allowed: string,
): ShellError {
  return new ShellError('CONFLICT', `${operation}: delivery ${row.id} is ${row.state}`, {
    userMessage: `Only ${allowed} can be ${operation}; this one is ${row.state.replace('_', ' ')}.`,
    details: { reason: 'state', state: row.state },
  });
}
