import type { DomainCheckOutcome, DomainStatus } from '@aiconnected/sdk-contracts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The re-check schedule (docs/domains.md "Schedule"). A pending or lost domain whose record is
 * missing or wrong is checked again after 5 min, 15 min, 1 h, 6 h, then daily; a pending one
 * becomes `failed` (no more automatic checks) after `PENDING_FAILURES_BEFORE_FAILED` misses in a
 * row (about 8 days). A verified domain is re-checked daily; one miss is retried after an hour
 * (a DNS change in flight), two in a row make it `lost`. A resolver that did not answer says
 * nothing about the domain: nothing changes and the check is retried in 15 min.
 */
export const PENDING_BACKOFF_MS = [5 * MINUTE, 15 * MINUTE, HOUR, 6 * HOUR, 24 * HOUR] as const;
export const VERIFIED_RECHECK_MS = 24 * HOUR;
export const VERIFIED_RETRY_MS = HOUR;
export const UNREACHABLE_RETRY_MS = 15 * MINUTE;
export const PENDING_FAILURES_BEFORE_FAILED = 12;
export const VERIFIED_FAILURES_BEFORE_LOST = 2;

/** What a domain's row holds before a check. */
export interface DomainState {
  status: DomainStatus;
  consecutive_failures: number;
}

/** What a domain's row holds after a check. */
export interface NextDomainState extends DomainState {
  /** Null: not checked automatically any more. */
  next_check_at: Date | null;
  /** Whether `verified_at` becomes now (entering `verified`). */
  newlyVerified: boolean;
}

const backoff = (failures: number): number =>
  PENDING_BACKOFF_MS[Math.min(Math.max(failures - 1, 0), PENDING_BACKOFF_MS.length - 1)] ??
  VERIFIED_RECHECK_MS;
const after = (now: Date, ms: number) => new Date(now.getTime() + ms);

/** The first automatic check of a domain added at `now`. */
export function firstCheckAt(now: Date): Date {
  return after(now, PENDING_BACKOFF_MS[0]);
}

/** The state of a domain in `current` after a check at `now` found `outcome` (pure). */
export function nextDomainState(
  current: DomainState,
  outcome: DomainCheckOutcome,
  now: Date,
): NextDomainState {
  const { status, consecutive_failures } = current;
  if (outcome === 'verified') {
    return {
      status: 'verified',
      consecutive_failures: 0,
      next_check_at: after(now, VERIFIED_RECHECK_MS),
      newlyVerified: status !== 'verified',
    };
  }
  if (outcome === 'resolver_unreachable') {
    return {
      status,
      consecutive_failures,
      next_check_at: status === 'failed' ? null : after(now, UNREACHABLE_RETRY_MS),
      newlyVerified: false,
    };
  }
  const failures = consecutive_failures + 1;
  const keep = { consecutive_failures: failures, newlyVerified: false };
  switch (status) {
    case 'verified':
      return failures >= VERIFIED_FAILURES_BEFORE_LOST
        ? { ...keep, status: 'lost', next_check_at: after(now, backoff(1)) }
        : { ...keep, status, next_check_at: after(now, VERIFIED_RETRY_MS) };
    case 'pending':
      return failures >= PENDING_FAILURES_BEFORE_FAILED
        ? { ...keep, status: 'failed', next_check_at: null }
        : { ...keep, status, next_check_at: after(now, backoff(failures)) };
    case 'lost':
      return { ...keep, status, next_check_at: after(now, backoff(failures)) };
    case 'failed':
      return { ...keep, status, next_check_at: null };
  }
}
