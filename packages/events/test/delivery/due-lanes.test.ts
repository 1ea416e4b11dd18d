import { describe, expect, it } from 'vitest';
import { dueLanes } from '../../src/delivery/due-lanes';
import { setupOpsDatabase } from '../operations/support';
import { seedDeliveries, seedReceiverModule } from './support';

// The sweep's query on real Postgres: only lanes whose head is pending and due.

const world = setupOpsDatabase();

describe('the sweep for due lanes', () => {
  it('names a lane only when its head is pending and due: not behind a dead letter, a backing-off head, or when nothing is left', async () => {
    const { installationId, moduleKey } = await seedReceiverModule(world(), 'http://127.0.0.1:9');
    const ws = world().tree.workspaces.A1.id;
    const lane = (name: string) => `${name}-${moduleKey}`;
    for (const name of ['due', 'dead', 'backoff', 'done', 'later-due']) {
      await seedDeliveries(world(), {
        workspaceId: ws,
        stream: lane(name),
        count: 3,
        installationIds: [installationId],
      });
    }
    const set = (stream: string, sequence: number, values: string) =>
      world().test.admin.query(
        `update public.event_deliveries set ${values}
          where installation_id = $1 and stream = $2 and sequence = $3`,
        [installationId, stream, sequence],
      );
    // dead: the head is dead-lettered (the lane waits for an admin), the rest due.
    await set(lane('dead'), 1, `state = 'dead_letter', attempts = 3, dead_lettered_at = now()`);
    // backoff: the head retries in an hour (its wake-up job is queued), the rest due.
    await set(lane('backoff'), 1, `attempts = 1, next_attempt_at = now() + interval '1 hour'`);
    // done: everything delivered or skipped.
    for (const sequence of [1, 2]) {
      await set(lane('done'), sequence, `state = 'delivered', attempts = 1, delivered_at = now()`);
    }
    await set(lane('done'), 3, `state = 'skipped', skip_reason = 'admin', skipped_at = now()`);
    // later-due: the head was delivered, the next one is the head now and is due.
    await set(lane('later-due'), 1, `state = 'delivered', attempts = 1, delivered_at = now()`);

    const mine = (await dueLanes(world().test.db)).filter((key) => key.endsWith(moduleKey));
    expect(mine.sort()).toEqual(
      [`${installationId}/${lane('due')}`, `${installationId}/${lane('later-due')}`].sort(),
    );
  });
});
