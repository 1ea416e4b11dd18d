import type { ChannelHub, ChannelListener } from '@aiconnected/db';
import type { DeliveryLogger } from './delivery-logger';
import { LANES_CHANNEL } from './lane-key';

export interface LaneDispatcherOptions {
  hub: ChannelHub;
  logger: DeliveryLogger;
  /** Queues a drain of each lane (one job per key: pg-boss keeps one queued per lane). */
  wake(keys: string[]): Promise<void>;
  /** Lanes with due work, whatever notifications said (`dueLanes`); never two at once. */
  sweep(): Promise<string[]>;
  /** Notifications arriving within this long are sent as one batch (default 5 ms). */
  coalesceMs?: number;
  sweepIntervalMs: number;
}

export interface LaneDispatcher {
  /** Lanes this process's emits announce (`announceLanes`), woken like notified ones. */
  announce(keys: readonly string[]): void;
  /** Waits for the wake-ups and the sweep in flight, then stops. */
  close(): Promise<void>;
}

/**
 * Turns lane notifications into drain jobs (design-12.md): LISTENs on `shell_event_lanes`
 * (through the process's channel hub), gathers the keys arriving within `coalesceMs` and
 * wakes them in one call; sweeps for due lanes every `sweepIntervalMs` and whenever the
 * listener (re)connects, since notifications sent while it was off are lost. Nothing in an
 * emit touches pg-boss: a lost notification only delays a lane until the next sweep.
 */
export function createLaneDispatcher(options: LaneDispatcherOptions): LaneDispatcher {
  const coalesceMs = options.coalesceMs ?? 5;
  const pending = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  let flushTimer: NodeJS.Timeout | undefined;
  let closed = false;

  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  const wake = (keys: string[]) =>
    track(
      options.wake(keys).catch((error: unknown) => {
        // The sweep finds these lanes again.
        options.logger.warn({ err: error, lanes: keys.length }, 'events.lane_wake_failed');
      }),
    );
  const flush = () => {
    flushTimer = undefined;
    if (pending.size === 0) return;
    const keys = [...pending];
    pending.clear();
    wake(keys);
  };
  // One sweep at a time: on a slow database a sweep can outlast the interval, and sweeps
  // piling up each held a pooled connection until the drains' outcome writes timed out
  // waiting for one (their batches were then POSTed again). An interval's sweep due meanwhile
  // is skipped; a reconnect's runs right after it (it must read after the reconnect).
  let sweeping = false;
  let sweepAgain = false;
  const sweep = (afterInFlight = false) => {
    if (closed) return;
    if (sweeping) {
      sweepAgain ||= afterInFlight;
      return;
    }
    sweeping = true;
    sweepAgain = false;
    track(
      options
        .sweep()
        .then(
          (keys) => {
            if (keys.length > 0 && !closed) wake(keys);
          },
          (error: unknown) => options.logger.warn({ err: error }, 'events.lane_sweep_failed'),
        )
        .finally(() => {
          sweeping = false;
          if (sweepAgain) sweep();
        }),
    );
  };

  const add = (key: string) => {
    if (closed || key === '') return;
    pending.add(key);
    flushTimer ??= setTimeout(flush, coalesceMs);
  };
  const listener: ChannelListener = options.hub.listen(LANES_CHANNEL, {
    onMessage: add,
    onState(listening) {
      if (listening) sweep(true);
    },
  });
  sweep();
  const sweeper = setInterval(() => sweep(), options.sweepIntervalMs);
  sweeper.unref();

  return {
    announce(keys) {
      for (const key of keys) add(key);
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(sweeper);
      clearTimeout(flushTimer);
      flush();
      await listener.close();
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}
