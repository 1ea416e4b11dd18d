import type { IBackoff, IBackoffFactory } from 'cockatiel';

/**
 * Wraps a backoff (the breaker's `halfOpenAfter`) so each ejection's duration is reported as
 * the breaker opens (cockatiel keeps it private; `open_until` / `Retry-After` need it) and
 * cockatiel itself waits 0: it times ejections by `Date.now()`, which a test cannot move, so
 * the registry refuses during the ejection by its own clock and calls cockatiel only after.
 */
export function recordingBackoff<T>(
  inner: IBackoffFactory<T>,
  onDuration: (ms: number) => void,
): IBackoffFactory<T> {
  const wrap = (backoff: IBackoff<T>): IBackoff<T> => {
    onDuration(backoff.duration);
    return {
      duration: 0,
      next: (context) => wrap(backoff.next(context)),
    };
  };
  return { next: (context) => wrap(inner.next(context)) };
}
