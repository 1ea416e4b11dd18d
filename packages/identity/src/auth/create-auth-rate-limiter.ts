import { createHash } from 'node:crypto';
import { ShellError } from '@aiconnected/sdk-contracts';
import type pg from 'pg';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

export interface CreateAuthRateLimiterOptions {
  /** Attempts allowed per key within the window. */
  points: number;
  /** The window, in seconds, counted from a key's first attempt. */
  durationSeconds: number;
  /** Namespaces the keys (`sign-in`, `password-reset`, ...), so limits do not share counters. */
  keyPrefix: string;
}

/** What one `consume` counted, to give back when the attempt turns out to count for nothing. */
export interface CountedPoints {
  /**
   * Gives the counted points back (a sign-in that succeeded, a mail that was not sent, an emit
   * refused for its key), only while the window that counted them lasts: once it has ended, the
   * next window starts with the whole budget, and a give-back there would raise that budget.
   */
  refund(): Promise<void>;
}

/** A rate limit on one kind of attempt, shared by every instance through Postgres. */
export interface AuthRateLimiter {
  /**
   * Counts one attempt for `key` (or `points`, e.g. the events of a batch); throws
   * `RATE_LIMITED` (details.retry_after_seconds) past the limit.
   */
  consume(key: string, points?: number): Promise<CountedPoints>;
  /** Forgets `key`'s attempts (e.g. the account's counter after a successful sign-in). */
  reset(key: string): Promise<void>;
}

/**
 * The key as stored: its sha256, so `rate_limits` holds no email or IP address and an email
 * of up to 320 characters fits the store's varchar(255) key.
 */
function storedKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

function checkKeyPrefix(method: string, keyPrefix: string): void {
  if (!/^[a-z0-9][a-z0-9:_-]{0,63}$/.test(keyPrefix)) {
    throw new TypeError(`${method}: keyPrefix must be short lower-case text, got ${keyPrefix}`);
  }
}

/**
 * Creates a limiter on rate-limiter-flexible's Postgres store (table `rate_limits`, made by
 * migration 018, hence `tableCreated: true`). Every process on the same database shares the
 * counters. The store queries the pool directly, as the pool's own user: the one DATABASE_URL
 * user that also runs the migrations, a superuser or BYPASSRLS role (001's pre-check), so the
 * service-only table (forced RLS, no policy) is open to it and closed to request code.
 */
export function createAuthRateLimiter(
  pool: pg.Pool,
  options: CreateAuthRateLimiterOptions,
): AuthRateLimiter {
  checkKeyPrefix('createAuthRateLimiter', options.keyPrefix);
  const limiter = new RateLimiterPostgres({
    storeClient: pool,
    storeType: 'pool',
    schemaName: 'public',
    tableName: 'rate_limits',
    tableCreated: true,
    keyPrefix: options.keyPrefix,
    points: options.points,
    duration: options.durationSeconds,
  });
  return wrapLimiter(limiter, options);
}

/**
 * The same limiter counted in this process's memory: nothing shared between processes (N
 * processes allow up to N times the budget) and forgotten on restart, but no database round
 * trip (an upsert of one hot row per call). For budgets against runaway callers on hot paths
 * (a module's event emits), never for guessing limits (sign-in, password reset).
 */
export function createMemoryRateLimiter(options: CreateAuthRateLimiterOptions): AuthRateLimiter {
  checkKeyPrefix('createMemoryRateLimiter', options.keyPrefix);
  const limiter = new RateLimiterMemory({
    keyPrefix: options.keyPrefix,
    points: options.points,
    duration: options.durationSeconds,
  });
  return wrapLimiter(limiter, options);
}

function wrapLimiter(
  limiter: RateLimiterAbstract,
  options: CreateAuthRateLimiterOptions,
): AuthRateLimiter {
  return {
    async consume(key, points = 1) {
      const stored = storedKey(key);
      let counted: RateLimiterRes;
      try {
        counted = await limiter.consume(stored, points);
      } catch (error) {
        // The library rejects with a RateLimiterRes when the limit is exceeded, and with an
        // Error when the store fails (which must not pass as "allowed").
        if (!(error instanceof RateLimiterRes)) throw error;
        const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        throw new ShellError('RATE_LIMITED', `rate limit ${options.keyPrefix} exceeded`, {
          details: { retry_after_seconds: retryAfterSeconds },
        });
      }
      const windowEndsAt = Date.now() + counted.msBeforeNext;
      return {
        async refund() {
          if (Date.now() < windowEndsAt) await limiter.reward(stored, points);
        },
      };
    },
    async reset(key) {
      await limiter.delete(storedKey(key));
    },
  };
}
