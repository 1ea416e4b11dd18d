import { createChannelHub, type Db } from '@aiconnected/db';
import {
  closeAfterEach,
  setupTenantTreeDatabase,
  type TenantTree,
  type TestDatabase,
} from '@aiconnected/db/testing';
import { describe, expect, it } from 'vitest';
import { createHostWorkspaceCache, type HostWorkspaceCache } from '../../src/domains';

// The host cache against a flood of made-up `Host` names (review 8): unknown hosts are kept
// apart from the known ones, so they cost one shell.resolve_host each per TTL at most and
// never evict a real tenant's host.

let test: TestDatabase;
let tree: TenantTree;

setupTenantTreeDatabase((setup) => {
  ({ database: test, tree } = setup);
});

const closing = closeAfterEach<HostWorkspaceCache>();

const platformRoot = 'tenants.test';
/**
 * The default: a heartbeat step slower than heartbeatMs turns the listener off and clears the
 * cache (its counted queries then go up), which a loaded machine could do to a 500 ms one; no
 * test here depends on the heartbeat's pace (the first proof runs at once).
 */
const HEARTBEAT_MS = 5000;

/** `test.db` counting its shell.resolve_host calls (the cache's only query). */
function countingDb() {
  const counted = { calls: 0 };
  const db: Pick<Db, 'callService' | 'pool'> = {
    pool: test.db.pool,
    callService: (...args: Parameters<Db['callService']>) => {
      counted.calls += 1;
      return test.db.callService(...args);
    },
  } as Pick<Db, 'callService' | 'pool'>;
  return { db, counted };
}

describe('createHostWorkspaceCache', () => {
  it('keeps unknown hosts apart: a flood neither evicts a tenant host nor queries twice', async () => {
    await test.admin.query(`update public.workspaces set slug = 'floodtest' where id = $1`, [
      tree.workspaces.A1.id,
    ]);
    const { db, counted } = countingDb();
    const cache = createHostWorkspaceCache(db, {
      platformRoot,
      heartbeatMs: HEARTBEAT_MS,
      hub: createChannelHub(test.db),
      maxEntries: 2,
      maxUnknown: 10,
    });
    closing(cache);
    cache.listen();
    await expect.poll(() => cache.active, { timeout: 15_000 }).toBe(true);

    const real = 'floodtest.tenants.test';
    const expected = { workspace_id: tree.workspaces.A1.id, kind: 'platform' };
    expect(await cache.resolve(real)).toStrictEqual(expected);
    for (let i = 0; i < 100; i += 1) {
      expect(await cache.resolve(`made-up-${i}.attacker.example`)).toBeNull();
    }
    expect(counted.calls).toBe(101);
    // The tenant's host is still kept (no query), and so is the latest unknown name.
    expect(await cache.resolve(real)).toStrictEqual(expected);
    expect(await cache.resolve('made-up-99.attacker.example')).toBeNull();
    expect(counted.calls).toBe(101);
  });

  it('forgets an unknown host after unknownTtlMs, so a domain verified later is found', async () => {
    const { db, counted } = countingDb();
    const cache = createHostWorkspaceCache(db, {
      platformRoot,
      heartbeatMs: HEARTBEAT_MS,
      hub: createChannelHub(test.db),
      // A second: the two reads below must fall within it even when a loaded machine pauses
      // this process between them (50 ms could lapse there).
      unknownTtlMs: 1000,
    });
    closing(cache);
    cache.listen();
    await expect.poll(() => cache.active, { timeout: 15_000 }).toBe(true);
    await cache.resolve('nobody.attacker.example');
    await cache.resolve('nobody.attacker.example');
    expect(counted.calls).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1300));
    await cache.resolve('nobody.attacker.example');
    expect(counted.calls).toBe(2);
  });
});
