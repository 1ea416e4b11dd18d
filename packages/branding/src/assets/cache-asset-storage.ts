import { LRUCache } from 'lru-cache';
import type { AssetStorage } from './asset-storage';

export interface AssetStorageCacheOptions {
  /** The most bytes of found files kept (least recently read dropped first). */
  maxBytes: number;
  /** How long a key found missing reads as missing without asking the store again. */
  missTtlMs: number;
  /** The most missing keys remembered (oldest forgotten first). Default 10,000. */
  maxMisses?: number;
  /** The clock (tests). Default `Date.now`. */
  now?: () => number;
}

const DEFAULT_MAX_MISSES = 10_000;

/**
 * `storage` with an in-process cache in front of its reads, so the public file route does not
 * ask a remote store (S3: a billed, signed request) for every HTTP request. Keys are
 * content-addressed, so a found file never changes: found files are kept, least recently read
 * dropped first, up to `maxBytes` in all (a file bigger than that is not kept). A key found
 * missing reads as missing for `missTtlMs` (another process may store it meanwhile), at most
 * `maxMisses` of them, so random keys cannot grow it; a `put` through this cache forgets the
 * miss at once. Failures are not cached: the next read asks again.
 */
export function cacheAssetStorage(
  storage: AssetStorage,
  options: AssetStorageCacheOptions,
): AssetStorage {
  const now = options.now ?? Date.now;
  const maxMisses = options.maxMisses ?? DEFAULT_MAX_MISSES;
  // A file bigger than maxBytes is not kept (lru-cache refuses an entry above maxSize).
  const found = new LRUCache<string, Buffer>({
    maxSize: options.maxBytes,
    sizeCalculation: (bytes) => bytes.length,
  });
  // Maps iterate in insertion order: re-inserting on each miss keeps the oldest first.
  const missingUntil = new Map<string, number>();

  function rememberMissing(key: string): void {
    missingUntil.delete(key);
    missingUntil.set(key, now() + options.missTtlMs);
    for (const oldest of missingUntil.keys()) {
      if (missingUntil.size <= maxMisses) break;
      missingUntil.delete(oldest);
    }
  }

  return {
    async put(key, bytes) {
      await storage.put(key, bytes);
      missingUntil.delete(key);
    },
    async get(key) {
      const cached = found.get(key);
      if (cached) return cached;
      if ((missingUntil.get(key) ?? 0) > now()) return null;
      const bytes = await storage.get(key);
      if (bytes) {
        missingUntil.delete(key);
        found.set(key, bytes);
      } else {
        rememberMissing(key);
      }
      return bytes;
    },
  };
}
