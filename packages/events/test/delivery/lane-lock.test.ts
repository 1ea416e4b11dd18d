import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tryLockLane } from '../../src/delivery/lane-lock';

// The advisory lock that keeps two drains off one lane, whatever pg-boss's leases say.

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

const lane = () => ({ installationId: randomUUID(), stream: 'orders' });

describe('lane lock', () => {
  it('is held by one drain at a time; other lanes are free; released, it can be taken again', async () => {
    const mine = lane();
    const first = await tryLockLane(database.db.pool, mine);
    expect(first).not.toBeNull();
    expect(await tryLockLane(database.db.pool, mine)).toBeNull();
    const other = await tryLockLane(database.db.pool, { ...mine, stream: 'invoices' });
    expect(other).not.toBeNull();
    await first?.release();
    await other?.release();
    const again = await tryLockLane(database.db.pool, mine);
    expect(again).not.toBeNull();
    expect(again?.signal.aborted).toBe(false);
    await again?.release();
  });

  it('says so when its connection is lost (the lock went with it)', async () => {
    const mine = lane();
    const lock = await tryLockLane(database.db.pool, mine);
    if (!lock) throw new Error('not locked');
    await database.admin.query(
      `select pg_terminate_backend(pid) from pg_locks
        where locktype = 'advisory' and granted and pid <> pg_backend_pid()
          and database = (select oid from pg_database where datname = current_database())`,
    );
    await new Promise<void>((resolve) => {
      if (lock.signal.aborted) resolve();
      else lock.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    expect(lock.signal.aborted).toBe(true);
    await lock.release();
    // Free for the next drain.
    const next = await tryLockLane(database.db.pool, mine);
    expect(next).not.toBeNull();
    await next?.release();
  });
});
