import { randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createBuiltinScanner,
  createDiskAssetStorage,
  type BrandingAssetServices,
} from '@aiconnected/branding';
import { createSignInBrandingCache, resolveHostWorkspace } from '@aiconnected/branding';
import { createChannelHub, type Db } from '@aiconnected/db';
import { parseSigningKeys } from '@aiconnected/gateway';
import { newSecretKeys, parseSecretKeys } from '@aiconnected/secrets';
import {
  createLocalAuthProvider,
  createMailer,
  createSessionCache,
  type SessionCache,
} from '@aiconnected/identity';
import { localApiConfig, type ApiConfig } from '@/server/api/guard';
import {
  createAuthLimiters,
  createBrandingFileLimiter,
  createBrandingUploadLimiter,
  createCredentialResolveLimiter,
  createDomainWriteLimiter,
  createInvitationLimiter,
  createModuleCredentialLimiter,
  createEventEmitLimiter,
  createIntegrationConnectLimiter,
  createModuleHealthCheckLimiter,
  createModuleKeyFailureLimiter,
  createModuleTokenLimiter,
  type SignInLimits,
} from '@/server/api/guard/rate-limits';
import type { ApiDeps } from '@/server/api/context';
import { testIntegrationsDeps } from '@/server/api/testing/test-integrations-deps';
import { newGatewayKeys } from '@/server/gateway-keys';
import {
  createGatewayServices,
  tokenIssuer,
  type GatewaySettings,
} from '@/server/gateway-services';
import { createLogger, type Logger } from '@/server/logger';

/** The settings of a local deployment at http://localhost:3000 (`localApiConfig`). */
export const TEST_CONFIG: ApiConfig = localApiConfig();

/** PLATFORM_CUSTOM_DOMAIN_ROOT of a test API: `<slug>.localhost` is a workspace's platform host. */
export const TEST_PLATFORM_DOMAIN_ROOT = 'localhost';

/** The origin state-changing cookie requests of tests send (allowed by `TEST_CONFIG`). */
export const TEST_ORIGIN = 'http://localhost:3000';

/** SESSION_CACHE_TTL_MS's default: the guard of a test API caches as it ships. */
export const TEST_SESSION_CACHE_TTL_MS = 30_000;

/**
 * The gateway of a test API: as shipped (100 MiB bodies, local mode: loopback targets), with a
 * breaker quick enough to watch (opens after 3 failures, 200 ms ejection growing to 2 s).
 */
export const TEST_GATEWAY_SETTINGS: GatewaySettings = {
  maxBodyBytes: 100 * 1024 * 1024,
  breaker: { failures: 3, baseEjectionMs: 200, maxEjectionMs: 2000 },
  isLocal: true,
  issuer: tokenIssuer(TEST_CONFIG.baseUrl),
};

/** How long a test API's first authenticated request waits for its cache to become active. */
const ACTIVE_WITHIN_MS = 10_000;

async function untilActive(cache: SessionCache): Promise<void> {
  const deadline = Date.now() + ACTIVE_WITHIN_MS;
  while (!cache.active) {
    if (Date.now() > deadline) {
      throw new Error(`the test API's session cache was not active within ${ACTIVE_WITHIN_MS} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * The guard's session cache of a test API, on as it ships (`ttlMs`, default 30 s): its listener
 * starts with the first authenticated request, which waits until the cache is active (its
 * notifications proven to arrive), so every test of the API exercises the cache it ships with
 * and none needs to start or stop it (a listener ends with its pool, which `drop()` closes).
 * `ttlMs` 0 turns it off, for a test that must see a change made behind the API's back at once.
 */
export function createTestSessionCache(db: Db, ttlMs = TEST_SESSION_CACHE_TTL_MS): SessionCache {
  const cache = createSessionCache(db, { ttlMs, hub: createChannelHub(db) });
  let ready: Promise<void> | undefined;
  const activate = () => {
    if (!ready) {
      cache.listen();
      ready = ttlMs > 0 ? untilActive(cache) : Promise.resolve();
    }
    return ready;
  };
  return {
    async authenticate(token) {
      await activate();
      return cache.authenticate(token);
    },
    async authenticateById(sessionId) {
      await activate();
      return cache.authenticateById(sessionId);
    },
    clear: () => cache.clear(),
    listen: () => void activate().catch(() => undefined),
    close: () => cache.close(),
    get active() {
      return cache.active;
    },
    get size() {
      return cache.size;
    },
  };
}

/**
 * The API's dependencies for a test, everything but the logger: the session cache on
 * (`createTestSessionCache`; `sessionCacheTtlMs` 0 turns it off), the local auth provider,
 * the mailbox mailer and real Postgres rate limiters on the test database (each test file's
 * database is its own, so their counters are too; `limits` replaces the sign-in defaults).
 */
export function buildTestDeps(
  db: Db,
  config: Partial<ApiConfig> = {},
  limits?: SignInLimits,
  sessionCacheTtlMs?: number,
  gatewayOptions: { settings?: Partial<GatewaySettings>; logger?: Logger } = {},
): Omit<ApiDeps, 'logger'> {
  // A fresh key set per test API; the breakers log to the test API's logger when given.
  const signingKeys = parseSigningKeys(newGatewayKeys());
  const { gateway } = createGatewayServices({
    db,
    signingKeys,
    logger: gatewayOptions.logger ?? createLogger('silent'),
    settings: { ...TEST_GATEWAY_SETTINGS, ...gatewayOptions.settings },
  });
  return {
    db,
    sessionCache: createTestSessionCache(db, sessionCacheTtlMs),
    config: { ...TEST_CONFIG, ...config },
    authProvider: createLocalAuthProvider(),
    ...createAuthLimiters(db.pool, limits),
    mailer: createMailer({ transport: 'mailbox', from: 'aiConnected <no-reply@localhost>', db }),
    // Uncached: a test sees each save at once.
    signInBranding: createSignInBrandingCache(db, {
      ttlMs: 0,
      hub: createChannelHub(db),
      resolveHost: (host) =>
        resolveHostWorkspace(db, host, { platformRoot: TEST_PLATFORM_DOMAIN_ROOT }),
    }),
    brandingAssets: createTestBrandingAssetServices(),
    brandingUploadLimiter: createBrandingUploadLimiter(db.pool),
    brandingFileLimiter: createBrandingFileLimiter(db.pool),
    domainWriteLimiter: createDomainWriteLimiter(db.pool),
    invitationLimiter: createInvitationLimiter(db.pool),
    moduleHealthCheckLimiter: createModuleHealthCheckLimiter(db.pool),
    gateway,
    signingKeys,
    moduleTokenLimiter: createModuleTokenLimiter(db.pool),
    eventEmitLimiter: createEventEmitLimiter(db.pool),
    moduleKeyFailureLimiter: createModuleKeyFailureLimiter(),
    // A fresh KEK per test API.
    secrets: parseSecretKeys(newSecretKeys()),
    moduleCredentialLimiter: createModuleCredentialLimiter(db.pool),
    credentialResolveLimiter: createCredentialResolveLimiter(db.pool),
    integrationConnectLimiter: createIntegrationConnectLimiter(db.pool),
    // No backend configured: a test that connects sets `integrations` to its stand-in's.
    integrations: testIntegrationsDeps(null),
    hostWorkspaces: {
      resolve: (host) =>
        resolveHostWorkspace(db, host, { platformRoot: TEST_PLATFORM_DOMAIN_ROOT }),
    },
  };
}

/**
 * Branding uploads of a test API: a fresh key, files in a new temporary directory (read it
 * through `storageDir` to check what was stored; the test that stores files removes it) and
 * the built-in scanner, unless replaced.
 */
export function createTestBrandingAssetServices(
  services: Partial<BrandingAssetServices> = {},
): BrandingAssetServices & { storageDir: string } {
  // Made by the first upload that stores a file: most test APIs never store one.
  const storageDir = path.join(tmpdir(), `branding-assets-${randomUUID()}`);
  return {
    signingKey: randomBytes(32),
    storage: createDiskAssetStorage(storageDir),
    scanner: createBuiltinScanner(),
    ...services,
    storageDir,
  };
}
