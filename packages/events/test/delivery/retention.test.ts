import { randomUUID } from 'node:crypto';
import { PgBoss } from 'pg-boss';
import { describe, expect, it } from 'vitest';
import { DELIVERY_QUEUES } from '../../src/delivery/create-delivery-runtime';
import { deleteExpiredEvents } from '../../src/delivery/delete-expired-events';
import { seedReceiverModule, startRuntime } from './support';
import { setupOpsDatabase } from '../operations/support';

// Retention (PRD §12.5): events older than EVENTS_RETENTION_DAYS (never under 180) go, in
// batches, with their deliveries; a stream's newest event stays; the daily job is scheduled.

const world = setupOpsDatabase();

async function eventAt(workspaceId: string, stream: string, sequence: number, daysAgo: number) {
  const { rows } = await world().test.admin.query<{ id: string }>(
    `insert into public.events (workspace_id, event_name, source, stream, sequence, payload_json,
                                correlation_id, idempotency_key, recorded_at, occurred_at)
     values ($1, 'notes.note.created', '/modules/notes', $2, $3, '{}', 'test-retention', $4,
             now() - make_interval(days => $5), now() - make_interval(days => $5))
     returning id`,
    [workspaceId, stream, sequence, randomUUID(), daysAgo],
  );
  return rows[0]?.id ?? '';
}

const exists = async (ids: string[]) => {
  const { rows } = await world().test.admin.query<{ id: string }>(
    'select id from public.events where id = any($1::uuid[])',
    [ids],
  );
  return new Set(rows.map((row) => row.id));
};

describe('retention', () => {
  it('deletes events past the retention with their deliveries, keeps younger ones and each stream newest', async () => {
    const ws = world().tree.workspaces.A1.id;
    const stream = `old-${randomUUID().slice(0, 6)}`;
    const lonely = `lonely-${randomUUID().slice(0, 6)}`;
    const old1 = await eventAt(ws, stream, 1, 400);
    const old2 = await eventAt(ws, stream, 2, 200);
    const young = await eventAt(ws, stream, 3, 179);
    // A stream whose only event is old: kept, or its next event would be numbered 1 again.
    const lastOfLonely = await eventAt(ws, lonely, 1, 300);
    const module = await seedReceiverModule(world(), 'http://127.0.0.1:9');
    await world().test.admin.query(
      `insert into public.event_deliveries (event_id, workspace_id, installation_id, module_key, kind, stream, sequence, state, delivered_at)
       select e.id, e.workspace_id, $2, $3, 'event', e.stream, e.sequence, 'delivered', now()
         from public.events e where e.id = any($1::uuid[])`,
      [[old1, old2, young], module.installationId, module.moduleKey],
    );

    // A setting under 180 days is read as 180: the 179-day-old event stays.
    expect(await deleteExpiredEvents(world().test.db, 30)).toBeGreaterThanOrEqual(2);
    expect(await exists([old1, old2, young, lastOfLonely])).toEqual(new Set([young, lastOfLonely]));
    const { rows } = await world().test.admin.query(
      'select event_id from public.event_deliveries where installation_id = $1',
      [module.installationId],
    );
    expect(rows).toEqual([{ event_id: young }]);
    // Nothing left to delete: a second run deletes nothing of these.
    await deleteExpiredEvents(world().test.db, 180);
    expect(await exists([young, lastOfLonely])).toEqual(new Set([young, lastOfLonely]));
    // The database refuses a younger delete anyway (migration 007).
    await expect(
      world().test.admin.query('delete from public.events where id = $1', [young]),
    ).rejects.toThrow(/within the 180-day retention/);
  });

  it('runs daily from a pg-boss schedule; the lane queues are stately and keep finished jobs an hour', async () => {
    const running = await startRuntime(world());
    const boss = new PgBoss({
      connectionString: world().test.url,
      schema: 'pgboss',
      max: 1,
      supervise: false,
      schedule: false,
      migrate: false,
    });
    await boss.start();
    try {
      const schedules = await boss.getSchedules(DELIVERY_QUEUES.retention);
      expect(schedules.map(({ name, cron, timezone }) => ({ name, cron, timezone }))).toEqual([
        { name: DELIVERY_QUEUES.retention, cron: '17 3 * * *', timezone: 'UTC' },
      ]);
      const queues = await boss.getQueues([DELIVERY_QUEUES.lane, DELIVERY_QUEUES.wake]);
      expect(
        queues.map(({ name, policy, deleteAfterSeconds, heartbeatSeconds }) => ({
          name,
          policy,
          deleteAfterSeconds,
          heartbeatSeconds,
        })),
      ).toEqual(
        expect.arrayContaining([
          {
            name: DELIVERY_QUEUES.lane,
            policy: 'stately',
            deleteAfterSeconds: 3600,
            heartbeatSeconds: 10,
          },
          {
            name: DELIVERY_QUEUES.wake,
            policy: 'standard',
            deleteAfterSeconds: 3600,
            heartbeatSeconds: null,
          },
        ]),
      );
    } finally {
      await boss.stop({ graceful: false, close: true });
      await running.close();
    }
  });
});
