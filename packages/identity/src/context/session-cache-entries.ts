import { LRUCache } from 'lru-cache';
import type { AuthenticatedSession } from './authenticate-session';

/** The answers a session cache keeps, by token hash, findable by session and by user. */
export interface SessionCacheEntries {
  get(key: string): AuthenticatedSession | undefined;
  /** Keeps `value` under `key` for `ttlMs`. */
  set(key: string, value: AuthenticatedSession, ttlMs: number): void;
  deleteSession(sessionId: string): void;
  deleteUser(userId: string): void;
  clear(): void;
  readonly size: number;
}

/** Keys by id, for one kind of id (session or user). */
class KeyIndex {
  readonly #keys = new Map<string, Set<string>>();

  add(id: string, key: string) {
    const keys = this.#keys.get(id);
    if (keys) keys.add(key);
    else this.#keys.set(id, new Set([key]));
  }

  remove(id: string, key: string) {
    const keys = this.#keys.get(id);
    keys?.delete(key);
    if (keys?.size === 0) this.#keys.delete(id);
  }

  /** A copy: deleting from the cache removes keys from this index while the caller iterates. */
  keysOf(id: string): string[] {
    return [...(this.#keys.get(id) ?? [])];
  }

  clear() {
    this.#keys.clear();
  }
}

/**
 * A bounded LRU (least recently used go first) with a per-entry TTL, plus indexes by session
 * and user id so a notification evicts its entries without scanning the cache. The indexes
 * follow every removal through lru-cache's `dispose` (eviction, expiry, delete, replace, clear)
 * and every insertion through `set`, so each kept answer is always findable.
 */
export function createSessionCacheEntries(maxEntries: number): SessionCacheEntries {
  const bySession = new KeyIndex();
  const byUser = new KeyIndex();
  const cache = new LRUCache<string, AuthenticatedSession>({
    max: maxEntries,
    // Every entry gets its own TTL in `set`; this only turns TTL tracking on.
    ttl: 1,
    dispose(value, key) {
      bySession.remove(value.session.id, key);
      byUser.remove(value.session.userId, key);
    },
  });
  const remove = (keys: string[]) => {
    for (const key of keys) cache.delete(key);
  };
  return {
    get: (key) => cache.get(key),
    set(key, value, ttlMs) {
      cache.set(key, value, { ttl: ttlMs });
      bySession.add(value.session.id, key);
      byUser.add(value.session.userId, key);
    },
    deleteSession: (sessionId) => remove(bySession.keysOf(sessionId)),
    deleteUser: (userId) => remove(byUser.keysOf(userId)),
    clear() {
      cache.clear();
      bySession.clear();
      byUser.clear();
    },
    get size() {
      return cache.size;
    },
  };
}
