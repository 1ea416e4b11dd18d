/**
 * The lanes this process is draining right now, so a notification for one of them goes to its
 * drain instead of becoming a pg-boss job (docs/events.md "Dispatcher"): under a steady stream
 * of emits a lane keeps one drain, which reads again when poked and lingers a moment when it
 * finds its lane empty, instead of one job insert, fetch, completion, lane lock and secrets read
 * per event or two.
 */
export interface LaneActivity {
  /** Marks `key` drained here; null when a drain of it is already registered. */
  enter(key: string): ActiveLane | null;
  /** Tells the drain of `key` there is new work; false when none is registered here. */
  poke(key: string): boolean;
  /** Ends every linger at once (the process is stopping). */
  wakeAll(): void;
}

/** One registered drain. */
export interface ActiveLane {
  /** Forgets the pokes so far: call right before reading the lane. */
  clear(): void;
  /**
   * Resolves true as soon as the lane is poked (or was since `clear`), false after `ms`, on
   * `signal`'s abort or `wakeAll`. On false the lane is already unregistered (synchronously
   * with the decision), so a poke arriving after it is the caller's `enter`'s job again.
   */
  linger(ms: number, signal?: AbortSignal): Promise<boolean>;
  /** Unregisters the lane; answers whether it was poked since the last `clear` (work left). */
  leave(): boolean;
}

export function createLaneActivity(): LaneActivity {
  const active = new Map<string, Slot>();

  interface Slot {
    poked: boolean;
    left: boolean;
    resolve?: (poked: boolean) => void;
  }

  const settle = (slot: Slot, poked: boolean) => {
    const resolve = slot.resolve;
    slot.resolve = undefined;
    resolve?.(poked);
  };

  return {
    enter(key) {
      if (active.has(key)) return null;
      const slot: Slot = { poked: false, left: false };
      active.set(key, slot);
      const leave = () => {
        if (!slot.left) {
          slot.left = true;
          active.delete(key);
        }
        return slot.poked;
      };
      return {
        clear() {
          slot.poked = false;
        },
        linger(ms, signal) {
          if (slot.poked) return Promise.resolve(true);
          if (ms <= 0 || signal?.aborted || slot.left) {
            leave();
            return Promise.resolve(false);
          }
          return new Promise<boolean>((resolve) => {
            const done = (poked: boolean) => {
              clearTimeout(timer);
              signal?.removeEventListener('abort', onAbort);
              // Unregistered in the same tick as the decision: no poke can fall in between.
              if (!poked) leave();
              resolve(poked);
            };
            const onAbort = () => settle(slot, false);
            const timer = setTimeout(() => settle(slot, false), ms);
            signal?.addEventListener('abort', onAbort, { once: true });
            slot.resolve = done;
          });
        },
        leave,
      };
    },
    poke(key) {
      const slot = active.get(key);
      if (slot === undefined) return false;
      slot.poked = true;
      settle(slot, true);
      return true;
    },
    wakeAll() {
      for (const slot of active.values()) settle(slot, false);
    },
  };
}
