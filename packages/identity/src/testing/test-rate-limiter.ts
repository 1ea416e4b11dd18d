import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { createAuthRateLimiter, type AuthRateLimiter } from '../auth/create-auth-rate-limiter';

/**
 * A real limiter (the `rate_limits` table) with an allowance no test reaches, for the tests of
 * functions that require one but are not about limits; a key prefix of its own per call, so no
 * two tests share counters.
 */
export function createTestRateLimiter(pool: pg.Pool): AuthRateLimiter {
  return createAuthRateLimiter(pool, {
    keyPrefix: `test-${randomUUID().slice(0, 8)}`,
    points: 1_000_000,
    durationSeconds: 60,
  });
}
