import type { Db } from '@aiconnected/db';
import { createLocalAuthProvider, createMailer, createSessionCache } from '@aiconnected/identity';
import { compileTrustedProxies, type ApiConfig } from '@/server/api/guard';
import { createAuthLimiters, type SignInLimits } from '@/server/api/guard/rate-limits';
import type { ApiDeps } from '@/server/api/context';

/** The settings of a local deployment at http://localhost:3000, as `env()` would give them. */
export const TEST_CONFIG: ApiConfig = {
  baseUrl: 'http://localhost:3000',
  allowedOrigins: ['http://localhost:3000'],
  cookieDomain: 'localhost',
  sessionTtlHours: 168,
  isLocal: true,
  trustProxy: compileTrustedProxies([]),
};

/** The origin state-changing cookie requests of tests send (allowed by `TEST_CONFIG`). */
export const TEST_ORIGIN = 'http://localhost:3000';

/**
 * The API's dependencies for a test, everything but the logger: the local auth provider,
 * the mailbox mailer and real Postgres rate limiters on the test database (each test file's
 * database is its own, so their counters are too; `limits` replaces the sign-in defaults).
 */
export function buildTestDeps(
  db: Db,
  config: Partial<ApiConfig> = {},
  limits?: SignInLimits,
): Omit<ApiDeps, 'logger'> {
  return {
    db,
    // Off (TTL 0): the guard asks Postgres every time; session-cache.test.ts turns it on.
    sessionCache: createSessionCache(db, { ttlMs: 0 }),
    config: { ...TEST_CONFIG, ...config },
    authProvider: createLocalAuthProvider(),
    ...createAuthLimiters(db.pool, limits),
    mailer: createMailer({ transport: 'mailbox', from: 'aiConnected <no-reply@localhost>', db }),
  };
}
