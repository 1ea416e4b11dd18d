import { describe, expect, it } from 'vitest';
import type { DomainCheckOutcome, DomainStatus } from '@aiconnected/sdk-contracts';
import {
  nextDomainState,
  PENDING_FAILURES_BEFORE_FAILED,
  UNREACHABLE_RETRY_MS,
  VERIFIED_RECHECK_MS,
} from '../../src/domains';

const now = new Date('2026-01-01T00:00:00Z');
const minutes = (m: number) => new Date(now.getTime() + m * 60_000);

function next(status: DomainStatus, failures: number, outcome: DomainCheckOutcome) {
  return nextDomainState({ status, consecutive_failures: failures }, outcome, now);
}

describe('nextDomainState (the re-check schedule)', () => {
  it.each<[DomainStatus, number, DomainCheckOutcome, DomainStatus, number, Date | null, boolean]>([
    // A record holding the token verifies any domain, re-checked daily.
    ['pending', 3, 'verified', 'verified', 0, minutes(24 * 60), true],
    ['lost', 5, 'verified', 'verified', 0, minutes(24 * 60), true],
    ['failed', 12, 'verified', 'verified', 0, minutes(24 * 60), true],
    ['verified', 0, 'verified', 'verified', 0, minutes(24 * 60), false],
    // Pending: 5 min, 15 min, 1 h, 6 h, then daily.
    ['pending', 0, 'no_record', 'pending', 1, minutes(5), false],
    ['pending', 1, 'wrong_value', 'pending', 2, minutes(15), false],
    ['pending', 2, 'no_record', 'pending', 3, minutes(60), false],
    ['pending', 3, 'no_record', 'pending', 4, minutes(360), false],
    ['pending', 4, 'no_record', 'pending', 5, minutes(24 * 60), false],
    ['pending', 10, 'no_record', 'pending', 11, minutes(24 * 60), false],
    ['pending', PENDING_FAILURES_BEFORE_FAILED - 1, 'no_record', 'failed', 12, null, false],
    // Verified: one miss is retried in an hour, the second in a row loses it.
    ['verified', 0, 'no_record', 'verified', 1, minutes(60), false],
    ['verified', 1, 'wrong_value', 'lost', 2, minutes(5), false],
    ['lost', 2, 'no_record', 'lost', 3, minutes(60), false],
    ['failed', 12, 'no_record', 'failed', 13, null, false],
    // A silent resolver counts for nothing.
    ['pending', 2, 'resolver_unreachable', 'pending', 2, minutes(15), false],
    ['verified', 1, 'resolver_unreachable', 'verified', 1, minutes(15), false],
    ['failed', 12, 'resolver_unreachable', 'failed', 12, null, false],
  ])(
    '%s with %i misses, %s -> %s',
    (status, failures, outcome, toStatus, toFailures, at, fresh) => {
      expect(next(status, failures, outcome)).toStrictEqual({
        status: toStatus,
        consecutive_failures: toFailures,
        next_check_at: at,
        newlyVerified: fresh,
      });
    },
  );

  it('names its intervals', () => {
    expect([VERIFIED_RECHECK_MS, UNREACHABLE_RETRY_MS]).toStrictEqual([86_400_000, 900_000]);
  });
});
