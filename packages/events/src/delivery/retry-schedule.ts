/** The longest a `Retry-After` may push an attempt back (design: capped at 24 h). */
export const MAX_RETRY_AFTER_MS = 24 * 3600 * 1000;

/** Each scheduled delay varies by up to this share either way, so retries of many lanes spread out. */
const JITTER = 0.2;

/**
 * When the attempt after `attempts` failed ones is due, or null when none is left (the
 * delivery is dead-lettered). The schedule's delay for it (±20 % jitter, `random` in [0, 1)),
 * or the receiver's `Retry-After` when later, capped at 24 h.
 */
export function nextAttemptAt(
  attempts: number,
  schedule: readonly number[],
  now: number,
  retryAfterMs: number | null = null,
  random: () => number = Math.random,
): Date | null {
  const seconds = schedule[attempts];
  if (seconds === undefined) return null;
  const scheduled = seconds * 1000 * (1 - JITTER + 2 * JITTER * random());
  const delay = Math.max(scheduled, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
  return new Date(now + delay);
}

/**
 * A `Retry-After` header as milliseconds from `now`: delay-seconds (`120`) or an HTTP date
 * (`Wed, 21 Oct 2026 07:28:00 GMT`, a past one is 0). Null when absent or unreadable.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | null {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return null;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date) || !/[a-z]/i.test(text)) return null;
  return Math.max(0, date - now);
}
