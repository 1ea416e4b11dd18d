import { afterEach } from 'vitest';

interface Closable {
  close(): Promise<void>;
}

/**
 * Closes what a test opened (caches, listeners, stores) after each test: the answer is a
 * function that registers one and hands it back, as in `const cache = closing(createCache())`
 * (anything that has a `close` when `T` is left out).
 * Call at the top of the file (or of a `describe`).
 */
export function closeAfterEach<T extends Closable = Closable>(): <U extends T>(opened: U) => U {
  const open: T[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((item) => item.close()));
  });
  return (opened) => {
    open.push(opened);
    return opened;
  };
}
