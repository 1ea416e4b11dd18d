import type { IBackoff, IBackoffFactory } from 'cockatiel';

/**
 * Wraps a backoff (the breaker's `halfOpenAfter`) so each ejection's duration is reported as
 * the breaker opens: cockatiel keeps it private, and `open_until` / `Retry-After` need it.
 */
export function recordingBackoff<T>(
  inner: IBackoffFactory<T>,
  onDuration: (ms: number) => void,
): IBackoffFactory<T> {
  const wrap = (backoff: IBackoff<T>): IBackoff<T> => {
    onDuration(backoff.duration);
    return {
      duration: backoff.duration,
      next: (context) => wrap(backoff.next(context)),
    };
  };
  return { next: (context) => wrap(inner.next(context)) };
}
