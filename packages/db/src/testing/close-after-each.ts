import { afterEach } from 'vitest';

/**
 * Closes what a test opened (caches, listeners, stores) after each test: the answer is a
 * function that registers one and hands it back, as in `const cache = closing(createCache())`.
 * Call at the top of the file (or of a `describe`).
 */
export function closeAfterEach<T extends { close(): Promise<void> }>(): (opened: T) => T {
  const open: T[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((item) => item.close()));
  });
  return (opened) => {
    open.push(opened);
    return opened;
  };
}
