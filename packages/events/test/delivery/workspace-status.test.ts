import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dueLanes } from '../../src/delivery/due-lanes';
import { startWebhookReceiver, type WebhookReceiver } from '../../src/testing/webhook-receiver';
import { setupOpsDatabase } from '../operations/support';
import { seedDeliveries, seedReceiverModule, startRuntime, waitFor } from './support';

// docs/events.md "Workspace status": a suspended or archived workspace's modules receive
// nothing; their deliveries wait (pending, no attempt spent, nothing skipped) and go out in
// order, with their webhook-ids, once the workspace is active again. An active workspace's
// lanes are delivered as usual alongside.

const world = setupOpsDatabase();
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver?.close();
});

type Envelope = { partitionkey: string; sequence: string };
const arrivalsOf = (stream: string) =>
  receiver.received.filter((r) => (r.json as Envelope).partitionkey === stream);

const setStatus = (workspace: 'A2' | 'B1', status: string) =>
  world().test.admin.query('update public.workspaces set status = $2 where id = $1', [
    world().tree.workspaces[workspace].id,
    status,
  ]);

async function deliveriesOf(installationId: string) {
  const { rows } = await world().test.admin.query<{
    id: string;
    state: string;
    attempts: number;
    tried: number;
  }>(
    `select d.id, d.state, d.attempts,
            (select count(*)::int from public.event_delivery_attempts a where a.delivery_id = d.id) as tried
       from public.event_deliveries d where d.installation_id = $1 order by d.sequence`,
    [installationId],
  );
  return rows;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('deliveries to a workspace that is not active', () => {
  it.each(['suspended', 'archived'] as const)(
    'wait while the workspace is %s (nothing attempted) and go out in order once it is active',
    async (status) => {
      const workspace = status === 'suspended' ? 'A2' : 'B1';
      const held = await seedReceiverModule(world(), receiver.baseUrl, { workspace });
      const open = await seedReceiverModule(world(), receiver.baseUrl, { workspace: 'A1' });
      const heldStream = `held-${held.moduleKey}`;
      const openStream = `open-${open.moduleKey}`;
      const runtime = await startRuntime(world());
      try {
        await setStatus(workspace, status);
        // Inserted by the admin, so the lane trigger NOTIFYs: the dispatcher drains both lanes
        // at once, and the sweep (every 300 ms here) looks again and again.
        await seedDeliveries(world(), {
          workspaceId: world().tree.workspaces[workspace].id,
          stream: heldStream,
          count: 3,
          installationIds: [held.installationId],
        });
        await seedDeliveries(world(), {
          workspaceId: world().tree.workspaces.A1.id,
          stream: openStream,
          count: 3,
          installationIds: [open.installationId],
        });
        // Allowed: the active workspace's lane is delivered.
        await waitFor(() => arrivalsOf(openStream).length === 3, 15_000, 'the active lane');
        // Denied: several sweeps later, the held lane has had nothing sent or attempted.
        await sleep(1500);
        expect(arrivalsOf(heldStream)).toHaveLength(0);
        const waiting = await deliveriesOf(held.installationId);
        expect(waiting.map((d) => [d.state, d.attempts, d.tried])).toStrictEqual([
          ['pending', 0, 0],
          ['pending', 0, 0],
          ['pending', 0, 0],
        ]);
        // The sweep does not keep queuing it meanwhile.
        const swept = await dueLanes(world().test.db);
        expect(swept).not.toContain(`${held.installationId}/${heldStream}`);

        // Active again: the next sweep finds the lane; all three arrive in order, once each,
        // with the deliveries' ids as webhook-id.
        await setStatus(workspace, 'active');
        await waitFor(() => arrivalsOf(heldStream).length === 3, 15_000, 'the resumed lane');
        const arrived = arrivalsOf(heldStream);
        expect(arrived.map((r) => Number((r.json as Envelope).sequence))).toStrictEqual([1, 2, 3]);
        expect(arrived.map((r) => r.headers['webhook-id'])).toStrictEqual(waiting.map((d) => d.id));
        await waitFor(
          async () =>
            (await deliveriesOf(held.installationId)).every((d) => d.state === 'delivered'),
          15_000,
          'the resumed lane recorded',
        );
        expect(
          (await deliveriesOf(held.installationId)).map((d) => [d.state, d.attempts, d.tried]),
        ).toStrictEqual([
          ['delivered', 1, 1],
          ['delivered', 1, 1],
          ['delivered', 1, 1],
        ]);
      } finally {
        await setStatus(workspace, 'active');
        await runtime.close();
      }
    },
  );
});
