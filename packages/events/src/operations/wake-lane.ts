import type { Tx } from '@aiconnected/db';
import { LANES_CHANNEL, laneKey, type Lane } from '../delivery/lane-key';

/**
 * Tells the delivery runtime, on commit, that `lane` may have work, for a change the outbox
 * trigger does not see (a skipped head no longer holds back the pending deliveries behind it).
 * A lost notification only delays: the runtime's sweep finds due lanes on its own.
 */
export async function wakeLane(tx: Tx, lane: Lane): Promise<void> {
  await tx.query('select pg_notify($1, $2)', [LANES_CHANNEL, laneKey(lane)]);
}
