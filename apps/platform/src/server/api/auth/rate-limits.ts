import type { Db } from '@aiconnected/db';
import { createAuthRateLimiter, type AuthRateLimiter } from '@aiconnected/identity';
import type { Env } from '@/env';

/**
 * How many failed sign-ins are allowed (`SIGN_IN_*` in env.ts; docs/identity.md "Abuse
 * controls"). Only failures count: a correct password gives its attempt back.
 */
export interface SignInLimits {
  /** Per account: its owner's typos and a password manager's retries, not a guessing run. */
  maxFailuresPerAccount: number;
  /** Per client address: an office or a school behind one address shares it. */
  maxFailuresPerIp: number;
  windowMinutes: number;
}

/**
 * 10 failures per account per 15 minutes stops guessing at under 1,000 tries a day against a
 * 12+ character policy, and no one mistypes 10 times without noticing. 100 per address lets
 * an office of dozens each mistype a few times in the same quarter hour; spraying many
 * accounts from one address still stops at 100 guesses.
 */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  maxFailuresPerAccount: 10,
  maxFailuresPerIp: 100,
  windowMinutes: 15,
};

/** Password-reset and email-change requests send mail, so they are rarer. */
const RESET_LIMIT = { points: 5, durationSeconds: 60 * 60, keyPrefix: 'password-reset' } as const;

/** The sign-in limits a parsed environment sets. */
export function signInLimitsFromEnv(environment: Env): SignInLimits {
  return {
    maxFailuresPerAccount: environment.SIGN_IN_MAX_FAILURES_PER_ACCOUNT,
    maxFailuresPerIp: environment.SIGN_IN_MAX_FAILURES_PER_IP,
    windowMinutes: environment.SIGN_IN_FAILURE_WINDOW_MINUTES,
  };
}

/**
 * The process's auth limiters on `pool` (built once, by runtime.ts or a test), counted in
 * Postgres so every instance shares them.
 */
export function createAuthLimiters(
  pool: Db['pool'],
  signIn: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
): {
  signInLimiter: AuthRateLimiter;
  signInIpLimiter: AuthRateLimiter;
  resetLimiter: AuthRateLimiter;
} {
  const durationSeconds = signIn.windowMinutes * 60;
  return {
    signInLimiter: createAuthRateLimiter(pool, {
      points: signIn.maxFailuresPerAccount,
      durationSeconds,
      keyPrefix: 'sign-in',
    }),
    signInIpLimiter: createAuthRateLimiter(pool, {
      points: signIn.maxFailuresPerIp,
      durationSeconds,
      keyPrefix: 'sign-in-ip',
    }),
    resetLimiter: createAuthRateLimiter(pool, RESET_LIMIT),
  };
}
