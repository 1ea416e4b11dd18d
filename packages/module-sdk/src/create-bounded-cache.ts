/**
 * A small least-recently-used map with a fixed number of entries (insertion order of a Map,
 * re-inserted on use). Used for compiled schemas, whose count is bounded by the registry.
 */
export function createBoundedCache<T>(max: number): {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
} {
  const entries = new Map<string, T>();
  return {
    get(key) {
      const value = entries.get(key);
      if (value !== undefined) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > max) entries.delete(entries.keys().next().value as string);
    },
  };
}
