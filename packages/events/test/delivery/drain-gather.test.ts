import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '@aiconnected/db';
import { describe, expect, it } from 'vitest';
import { drainLane, type DrainDeps } from '../../src/delivery/drain-lane';
import { createLaneActivity } from '../../src/delivery/lane-activity';
import { laneKey } from '../../src/delivery/lane-key';
import type { WebhookPoster } from '../../src/delivery/post-webhook';
import { installConsumer, setupOpsDatabase } from '../operations/support';
import { captureLogger, deliveryStates, seedDeliveries, testSettings, waitFor } from './support';

// The drain's gather (docs/events.md "Drain"): after a small batch or a poke the drain waits
// `gatherMs` before reading its lane again, so a lane fed one event at a time is read and
// recorded several deliveries at a time. The feed here is one event every FEED_MS (plus the
// seeding's own queries), each poking the drain as a notification would; the assertions count
// shell.record_lane_batch calls with wide margins (no timing is asserted). A loaded machine
// slows the feed as well as the drain, so the gather is long against the feed (GATHER_MS) and
// the linger outlasts any pause of the feed (LINGER_MS): the counts hold under load.

const world = setupOpsDatabase();

const EVENTS = 20;
const FEED_MS = 40;
/** 50 feed intervals: at most a record per two events while feeding one takes under ~1 s. */
const GATHER_MS = 2000;
/** Longer than any pause of the feed, so the drain does not end before the last event. */
const LINGER_MS = 5000;

/** `db` counting its calls of `fn`. */
function counting(db: Db, fn: string): { db: Db; calls: () => number } {
  let calls = 0;
  const counted = new Proxy(db, {
    get(target, property, receiver) {
      if (property === 'callService') {
        return (...args: Parameters<Db['callService']>) => {
          if (args[1] === fn) calls += 1;
          return target.callService(...args);
        };
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  return { db: counted, calls: () => calls };
}

/** Drains a lane fed EVENTS events one by one with `gatherMs`; its record calls and POSTs. */
async function feedAndDrain(gatherMs: number, abortAfterFirst = false) {
  const { installationId } = await installConsumer(world(), {
    prefix: 'gather',
    baseUrl: 'http://127.0.0.1:9/',
    workspace: 'A1',
    state: 'enabled',
  });
  const workspaceId = world().tree.workspaces.A1.id;
  const lane = { installationId, stream: `gather-${gatherMs}` };
  const activity = createLaneActivity();
  const active = activity.enter(laneKey(lane));
  if (active === null) throw new Error('lane already registered');
  const { db, calls } = counting(world().test.db, 'shell.record_lane_batch');
  let posts = 0;
  const poster: WebhookPoster = {
    post: () => {
      posts += 1;
      return Promise.resolve({
        outcome: 'delivered',
        status: 204,
        durationMs: 1,
        error: null,
        retryAfterMs: null,
      });
    },
    close: () => Promise.resolve(),
  };
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const deps: DrainDeps = {
    db,
    poster,
    settings: testSettings({ gatherMs, lingerMs: LINGER_MS }),
    logger: captureLogger(),
    secretsOf: () => Promise.resolve([secret]),
    wakeAt: () => Promise.reject(new Error('no delivery should wait')),
    stopping: () => false,
  };

  const seedOne = () =>
    seedDeliveries(world(), {
      workspaceId,
      stream: lane.stream,
      count: 1,
      installationIds: [installationId],
    });
  await seedOne();
  if (abortAfterFirst) {
    // Aborted while gathering after its first batch: the drain yields at once, not after the gather.
    const abort = new AbortController();
    const drained = drainLane(deps, lane, abort.signal, active);
    await waitFor(async () => (await deliveryStates(world(), installationId)).delivered === 1);
    const abortedAt = Date.now();
    abort.abort();
    expect(await drained).toBe('yielded');
    return { records: calls(), posts, afterAbortMs: Date.now() - abortedAt };
  }
  const drained = drainLane(deps, lane, undefined, active);
  for (let fed = 1; fed < EVENTS; fed += 1) {
    await sleep(FEED_MS);
    await seedOne();
    activity.poke(laneKey(lane));
  }
  // The drain lingers, finds nothing more and ends.
  expect(await drained).toBe('empty');
  expect(await deliveryStates(world(), installationId)).toEqual({ delivered: EVENTS });
  return { records: calls(), posts, afterAbortMs: null };
}

describe('drainLane gathers a trickling lane (EVENTS_DELIVERY_GATHER_MS)', () => {
  it('with a gather longer than the feed interval, several deliveries per record', async () => {
    const { records, posts } = await feedAndDrain(GATHER_MS);
    expect(posts).toBe(EVENTS);
    // One or two records on an idle machine; without the gather one per event (20).
    expect(records).toBeLessThanOrEqual(EVENTS / 2);
  }, 60_000);

  it('with gather 0, a record for about every delivery', async () => {
    const { records, posts } = await feedAndDrain(0);
    expect(posts).toBe(EVENTS);
    // One per event when the drain keeps up; a drain slower than the feed batches a few.
    expect(records).toBeGreaterThan(EVENTS / 2);
  }, 60_000);

  it('an abort ends the gather at once (the drain yields)', async () => {
    const { records, posts, afterAbortMs } = await feedAndDrain(30_000, true);
    expect([records, posts]).toEqual([1, 1]);
    // Nothing is read after the abort; a drain that sat out its 30 s gather would take 30 s,
    // so 10 s is only reached by that defect, not by a loaded machine.
    expect(afterAbortMs).toBeLessThan(10_000);
  }, 60_000);
});
