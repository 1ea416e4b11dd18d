import { describe, expect, it } from 'vitest';
import { createLaneActivity } from '../../src/delivery/lane-activity';

describe('lane activity (a drain here takes its lane’s notifications)', () => {
  it('registers a lane once; a poke reaches its drain, an unknown lane is not poked', () => {
    const activity = createLaneActivity();
    const lane = activity.enter('i1/a');
    expect(lane).not.toBeNull();
    expect(activity.enter('i1/a')).toBeNull();
    expect(activity.poke('i1/a')).toBe(true);
    expect(activity.poke('i1/b')).toBe(false);
    expect(lane?.leave()).toBe(true);
    expect(activity.poke('i1/a')).toBe(false);
    expect(activity.enter('i1/a')).not.toBeNull();
  });

  it('a poke since clear ends the linger at once; a poke during it ends it early', async () => {
    const activity = createLaneActivity();
    const lane = activity.enter('i1/a');
    activity.poke('i1/a');
    await expect(lane?.linger(10_000)).resolves.toBe(true);
    lane?.clear();
    const started = Date.now();
    const waiting = lane?.linger(10_000);
    setTimeout(() => activity.poke('i1/a'), 20);
    await expect(waiting).resolves.toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(activity.poke('i1/a')).toBe(true);
  });

  it('a linger that times out unregisters the lane in the same tick: the next poke is not lost', async () => {
    const activity = createLaneActivity();
    const lane = activity.enter('i1/a');
    lane?.clear();
    await expect(lane?.linger(20)).resolves.toBe(false);
    // Nobody drains it here any more: the caller queues a job for it instead.
    expect(activity.poke('i1/a')).toBe(false);
    expect(lane?.leave()).toBe(false);
  });

  it('an abort or wakeAll ends the linger without work; 0 ms does not wait', async () => {
    const activity = createLaneActivity();
    const aborted = new AbortController();
    const a = activity.enter('i1/a');
    const b = activity.enter('i1/b');
    const c = activity.enter('i1/c');
    const lingering = a?.linger(10_000, aborted.signal);
    aborted.abort();
    await expect(lingering).resolves.toBe(false);
    const stopping = b?.linger(10_000);
    activity.wakeAll();
    await expect(stopping).resolves.toBe(false);
    await expect(c?.linger(0)).resolves.toBe(false);
    expect(['i1/a', 'i1/b', 'i1/c'].map((key) => activity.poke(key))).toEqual([
      false,
      false,
      false,
    ]);
  });
});
