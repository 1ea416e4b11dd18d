import { LRUCache } from 'lru-cache';
import type { ChannelHub, ChannelListener, ChannelSubscriptionOptions } from './channel-hub';

export interface NotifiedCacheOptions<V> extends ChannelSubscriptionOptions {
  /** The channel whose notifications invalidate entries (a plain lower-case identifier). */
  channel: string;
  /** The process's shared listener (`createChannelHub`: one connection for every cache). */
  hub: ChannelHub;
  /** How long a value is reused (ms) while notifications are proven to arrive; 0: never. */
  ttlMs?: number;
  /** Most values kept (least recently used go first). Default 10,000. */
  maxEntries?: number;
  /**
   * With `sizeOf`: the most the kept hits may weigh together (least recently used go first),
   * in `sizeOf`'s unit (e.g. bytes of the value's JSON). A value heavier than this is not kept.
   */
  maxSize?: number;
  /** The weight of one kept value, a positive integer (lru-cache's `sizeCalculation`). */
  sizeOf?: (value: V) => number;
  /** Whether a notification's `payload` forgets the entry `key` / `value`. Default: every entry. */
  forgets?: (payload: string, key: string, value: V) => boolean;
  /**
   * Values that are misses (e.g. "no such host"): kept apart, in at most `maxMisses` entries
   * for `missTtlMs`, so a flood of made-up keys can never evict the hits.
   */
  isMiss?: (value: V) => boolean;
  /** Default 1,000. */
  maxMisses?: number;
  /** Default 10 s (and never more than `ttlMs`). */
  missTtlMs?: number;
}

/** A process-local memory of values that a Postgres NOTIFY channel invalidates. */
export interface NotifiedCache<V> {
  /** The value of `key`: the kept one while it is trusted, else `load()` (kept when it may be). */
  get(key: string, load: () => Promise<V>): Promise<V>;
  /** Forgets every value: after this process changed anything they depend on. */
  clear(): void;
  /** Starts listening (values are kept from the moment notifications are proven to arrive). */
  listen(): void;
  /** Stops listening and forgets every value. */
  close(): Promise<void>;
  /** Whether values are being reused right now (enabled, and notifications proven to arrive). */
  readonly active: boolean;
  /** How many values are kept (hits and misses). */
  readonly size: number;
}

/** lru-cache holds no `undefined` or `null`, which a cached value may be: each is boxed. */
interface Entry<V> {
  value: V;
}

/**
 * The cache pattern of the session, host, theme and sign-in caches, fail closed: a value is
 * reused only while its channel hub proves notifications arrive; a notification that `forgets`
 * an entry, a listener state change, `clear()` or the TTL forgets it, and a value loaded across
 * an invalidation (the epoch moved while `load` ran) is answered but not kept.
 */
export function createNotifiedCache<V>(options: NotifiedCacheOptions<V>): NotifiedCache<V> {
  const ttlMs = options.ttlMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const maxMisses = options.maxMisses ?? 1_000;
  const missTtlMs = Math.min(options.missTtlMs ?? 10_000, ttlMs);
  // Least recently read go first; an expired entry reads as absent (lru-cache's ttl).
  const { maxSize, sizeOf } = options;
  const hits = new LRUCache<string, Entry<V>>({
    max: maxEntries,
    ttl: Math.max(ttlMs, 1),
    ...(maxSize !== undefined && sizeOf !== undefined
      ? {
          maxSize,
          sizeCalculation: (entry: Entry<V>) => Math.max(1, Math.ceil(sizeOf(entry.value))),
        }
      : {}),
  });
  const misses = new LRUCache<string, Entry<V>>({ max: maxMisses, ttl: Math.max(missTtlMs, 1) });
  let listener: ChannelListener | undefined;
  let listening = false;
  let epoch = 0;

  const clear = () => {
    epoch += 1;
    hits.clear();
    misses.clear();
  };
  const invalidate = (payload: string) => {
    epoch += 1;
    const forgets = options.forgets;
    if (forgets === undefined) return clear();
    for (const cache of [hits, misses]) {
      const forgotten = [...cache.entries()].filter(([key, entry]) =>
        forgets(payload, key, entry.value),
      );
      for (const [key] of forgotten) cache.delete(key);
    }
  };

  return {
    async get(key, load) {
      if (ttlMs <= 0 || !listening) return load();
      const cached = hits.get(key) ?? misses.get(key);
      if (cached) return cached.value;
      const readAt = epoch;
      const value = await load();
      if (listening && epoch === readAt) {
        const miss = options.isMiss?.(value) ?? false;
        if (!miss) hits.set(key, { value });
        else if (missTtlMs > 0) misses.set(key, { value });
      }
      return value;
    },
    clear,
    listen() {
      if (ttlMs <= 0 || listener) return;
      const { channel, hub, logger, heartbeatMs, verify } = options;
      listener = hub.listen(
        channel,
        {
          onMessage: invalidate,
          onState(next) {
            clear();
            listening = next;
          },
        },
        { logger, heartbeatMs, verify },
      );
    },
    async close() {
      const current = listener;
      listener = undefined;
      listening = false;
      clear();
      await current?.close();
    },
    get active() {
      return ttlMs > 0 && listening;
    },
    get size() {
      return hits.size + misses.size;
    },
  };
}
