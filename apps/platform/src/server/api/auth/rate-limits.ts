import type { Db } from '@aiconnected/db';
import { createAuthRateLimiter, type AuthRateLimiter } from '@aiconnected/identity';

/**
 * The abuse limits of the auth endpoints (docs/identity.md "Abuse controls"), counted per IP
 * and per email in Postgres so every instance shares them. Sign-in allows a few typos and
 * a password manager retry; reset and email-change requests send mail, so they are rarer.
 */
export const AUTH_RATE_LIMITS = {
  signIn: { points: 10, durationSeconds: 15 * 60, keyPrefix: 'sign-in' },
  reset: { points: 5, durationSeconds: 60 * 60, keyPrefix: 'password-reset' },
} as const;

/** The process's sign-in and reset limiters on `pool` (built once, by runtime.ts or a test). */
export function createAuthLimiters(pool: Db['pool']): {
  signInLimiter: AuthRateLimiter;
  resetLimiter: AuthRateLimiter;
} {
  return {
    signInLimiter: createAuthRateLimiter(pool, AUTH_RATE_LIMITS.signIn),
    resetLimiter: createAuthRateLimiter(pool, AUTH_RATE_LIMITS.reset),
  };
}
