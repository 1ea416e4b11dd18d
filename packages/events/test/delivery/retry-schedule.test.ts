import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_SCHEDULE_SECONDS,
  parseRetrySchedule,
} from '../../src/delivery/delivery-settings';
import {
  MAX_RETRY_AFTER_MS,
  nextAttemptAt,
  parseRetryAfter,
} from '../../src/delivery/retry-schedule';

const NOW = Date.parse('2026-12-07T03:00:00Z');
const at = (date: Date | null) => (date === null ? null : date.getTime() - NOW);

describe('retry schedule', () => {
  it('is Standard Webhooks: 8 attempts, immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h', () => {
    expect(DEFAULT_RETRY_SCHEDULE_SECONDS).toEqual([0, 5, 300, 1800, 7200, 18_000, 36_000, 36_000]);
    // No jitter (random 0.5): each failed attempt's successor is due after the next delay.
    const delays = [1, 2, 3, 4, 5, 6, 7].map((failed) =>
      at(nextAttemptAt(failed, DEFAULT_RETRY_SCHEDULE_SECONDS, NOW, null, () => 0.5)),
    );
    expect(delays).toEqual([
      5000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
    ]);
    // After the 8th failed attempt there is none left: dead letter.
    expect(nextAttemptAt(8, DEFAULT_RETRY_SCHEDULE_SECONDS, NOW)).toBeNull();
  });

  it('varies each delay by at most 20 % either way', () => {
    expect(at(nextAttemptAt(2, DEFAULT_RETRY_SCHEDULE_SECONDS, NOW, null, () => 0))).toBe(240_000);
    expect(
      at(nextAttemptAt(2, DEFAULT_RETRY_SCHEDULE_SECONDS, NOW, null, () => 0.999_999)),
    ).toBeCloseTo(360_000, -1);
  });

  it('honours a later Retry-After, capped at 24 h, and ignores an earlier one', () => {
    const schedule = [0, 5, 300];
    expect(at(nextAttemptAt(1, schedule, NOW, 60_000, () => 0.5))).toBe(60_000);
    expect(at(nextAttemptAt(1, schedule, NOW, 1000, () => 0.5))).toBe(5000);
    expect(at(nextAttemptAt(1, schedule, NOW, 7 * 86_400_000, () => 0.5))).toBe(MAX_RETRY_AFTER_MS);
    // Retry-After never adds attempts: the last one still dead-letters.
    expect(nextAttemptAt(3, schedule, NOW, 60_000)).toBeNull();
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfter('Mon, 07 Dec 2026 03:02:00 GMT', NOW)).toBe(120_000);
    expect(parseRetryAfter('Mon, 07 Dec 2026 02:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter(['30', '60'], NOW)).toBe(30_000);
    for (const unreadable of [undefined, '', 'soon', '-5', '1.5', '2026-12-07']) {
      expect(parseRetryAfter(unreadable, NOW)).toBeNull();
    }
  });

  it('parses EVENTS_RETRY_SCHEDULE, refusing what is not a list of delays', () => {
    expect(parseRetrySchedule('0,0.2, 0.5')).toEqual([0, 0.2, 0.5]);
    expect(() => parseRetrySchedule('0,,5')).toThrow(
      '"" is not a delay in seconds from 0 to 86400',
    );
    expect(() => parseRetrySchedule('0,-1')).toThrow('"-1" is not a delay');
    expect(() => parseRetrySchedule('0,86401')).toThrow('"86401" is not a delay');
    expect(() => parseRetrySchedule('x')).toThrow('"x" is not a delay');
    expect(() => parseRetrySchedule(Array(21).fill('1').join(','))).toThrow('1 to 20 delays');
  });
});
