import type { Db } from '@aiconnected/db';
import { LANES_CHANNEL } from './lane-key';

type LocalWake = (keys: string[]) => void;

/** Delivery runtimes of this process, by the `Db` they drain with (the one the API emits on). */
const localWakes = new WeakMap<Db, Set<LocalWake>>();
/** Lanes waiting for the next NOTIFY on each `Db` with no local runtime. */
const queued = new WeakMap<Db, Set<string>>();

/** Lanes announced within this long go out in one NOTIFY transaction. */
const COALESCE_MS = 2;

// One statement, its own transaction: NOTIFY each lane, with synchronous_commit off for it. A
// NOTIFYing transaction holds a cluster-wide lock through its commit; without the WAL flush
// that is microseconds, and a notification lost in a crash only waits for the next sweep.
const NOTIFY_LANES = `select pg_catalog.set_config('synchronous_commit', 'off', true),
                             pg_catalog.pg_notify($1, lane)
                        from unnest($2::text[]) as lane`;

/**
 * A delivery runtime of this process takes the lanes emits on `db` announce (`wake`: its
 * dispatcher's wake-up, which pokes a lane drained here or queues its job). Answers the
 * unsubscribe.
 */
export function takeLaneAnnouncements(db: Db, wake: LocalWake): () => void {
  let wakes = localWakes.get(db);
  if (wakes === undefined) {
    wakes = new Set();
    localWakes.set(db, wakes);
  }
  wakes.add(wake);
  return () => void wakes.delete(wake);
}

/**
 * Announces lanes an emit just committed (`shell.emit_event(p_notify => false)`, docs/events.md
 * "Dispatcher"): to this process's delivery runtime when it has one on `db`, else (a web
 * process with EVENTS_DELIVERY=off, a script) as NOTIFY `shell_event_lanes` from a short
 * transaction of its own, after the emit's commit, gathered over 2 ms. Never throws and never
 * waits: a lost announcement only delays the lane until the next sweep.
 */
export function announceLanes(db: Db, lanes: readonly string[]): void {
  if (lanes.length === 0) return;
  const wakes = localWakes.get(db);
  if (wakes !== undefined && wakes.size > 0) {
    for (const wake of wakes) wake([...lanes]);
    return;
  }
  let pending = queued.get(db);
  if (pending === undefined) {
    const batch = new Set<string>();
    pending = batch;
    queued.set(db, batch);
    setTimeout(() => {
      queued.delete(db);
      db.pool.query(NOTIFY_LANES, [LANES_CHANNEL, [...batch]]).catch(() => undefined);
    }, COALESCE_MS).unref();
  }
  for (const lane of lanes) pending.add(lane);
}
