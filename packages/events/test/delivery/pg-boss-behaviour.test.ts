import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// What the delivery runtime relies on in pg-boss 12.38 (design-12.md), checked on real Postgres:
// a `stately` queue keeps at most one queued and one active job per singletonKey, a queued
// job of a key is not fetched while another of that key is active, `startAfter` defers a job,
// the queue's deleteAfterSeconds / heartbeatSeconds are what each job carries, and `upsert`
// by singletonKey keeps one waiting wake-up job per lane (the time asked last).
let database: TestDatabase;
let boss: PgBoss;

beforeAll(async () => {
  database = await createTestDatabase();
  boss = new PgBoss({ connectionString: database.url, max: 3, schedule: false, supervise: false });
  boss.on('error', () => undefined);
  await boss.start();
  await boss.createQueue('lane', {
    policy: 'stately',
    heartbeatSeconds: 10,
    deleteAfterSeconds: 3600,
    retryLimit: 2,
  });
  await boss.createQueue('timer');
});

afterAll(async () => {
  await boss?.stop({ graceful: false, close: true });
  await database?.drop();
});

describe('pg-boss as the delivery runtime uses it', () => {
  it('stately + singletonKey: one queued and one active job per key, never two active', async () => {
    const first = await boss.send('lane', { lane: 'a' }, { singletonKey: 'a' });
    const second = await boss.send('lane', { lane: 'a' }, { singletonKey: 'a' });
    const other = await boss.send('lane', { lane: 'b' }, { singletonKey: 'b' });
    expect(first).not.toBeNull();
    expect(second).toBeNull();
    expect(other).not.toBeNull();

    const fetched = await boss.fetch<{ lane: string }>('lane', { batchSize: 10 });
    expect(fetched.map((job) => job.data.lane).sort()).toEqual(['a', 'b']);

    // While a's job is active, a new one is queued but not handed out.
    const queued = await boss.send('lane', { lane: 'a' }, { singletonKey: 'a' });
    expect(queued).not.toBeNull();
    expect(await boss.send('lane', { lane: 'a' }, { singletonKey: 'a' })).toBeNull();
    expect(await boss.fetch('lane', { batchSize: 10 })).toEqual([]);

    const jobA = fetched.find((job) => job.data.lane === 'a');
    await boss.complete('lane', jobA?.id ?? '');
    const next = await boss.fetch<{ lane: string }>('lane', { batchSize: 10 });
    expect(next.map((job) => job.id)).toEqual([queued]);
    await boss.complete(
      'lane',
      [...next, ...fetched].map((job) => job.id),
    );
  });

  it('startAfter defers a job; the queue options are on every job', async () => {
    const id = await boss.send(
      'timer',
      { lane: 'c' },
      { startAfter: new Date(Date.now() + 60_000) },
    );
    expect(await boss.fetch('timer')).toEqual([]);
    const [deferred] = await boss.findJobs('timer', { id: id ?? '' });
    expect(deferred?.startAfter.getTime()).toBeGreaterThan(Date.now() + 50_000);

    const laneJob = await boss.send('lane', { lane: 'd' }, { singletonKey: 'd' });
    const [stored] = await boss.findJobs('lane', { id: laneJob ?? '' });
    expect(stored).toMatchObject({ deleteAfterSeconds: 3600, heartbeatSeconds: 10, retryLimit: 2 });
  });

  it('upsert by singletonKey keeps one waiting wake-up per lane, at the time asked last', async () => {
    const at = (seconds: number) => new Date(Date.now() + seconds * 1000);
    const first = await boss.upsert(
      'timer',
      { lane: 'e' },
      { singletonKey: 'e', startAfter: at(600) },
    );
    const again = await boss.upsert(
      'timer',
      { lane: 'e' },
      { singletonKey: 'e', startAfter: at(60) },
    );
    const other = await boss.upsert(
      'timer',
      { lane: 'f' },
      { singletonKey: 'f', startAfter: at(60) },
    );
    expect([first.inserted, again.updated, other.inserted]).toEqual([1, 1, 1]);
    const waiting = await boss.findJobs('timer', { key: 'e', queued: true });
    expect(waiting).toHaveLength(1);
    expect(waiting[0]?.startAfter.getTime()).toBeLessThan(Date.now() + 120_000);
    // Once it is handed out, the next upsert queues a new one (a drain can defer again).
    await boss.update('timer', undefined, { singletonKey: 'e', startAfter: new Date() });
    const [due] = await boss.fetch<{ lane: string }>('timer', { batchSize: 10 });
    expect(due?.data.lane).toBe('e');
    const later = await boss.upsert(
      'timer',
      { lane: 'e' },
      { singletonKey: 'e', startAfter: at(30) },
    );
    expect(later.inserted).toBe(1);
  });
});
