import type { Db } from '@aiconnected/db';
import { createApi } from '../app';
import type { ApiConfig } from '../guard';
import type { SignInLimits } from '../guard/rate-limits';
import type { ApiApp, ApiBaseDeps, ApiDeps } from '../context';
import { createDatabaselessApi } from '../databaseless-api';
import { createLogger } from '../../logger';
import type { GatewaySettings } from '../../gateway-services';
import { buildTestDeps, TEST_CONFIG } from './build-test-deps';

/** One parsed log line. */
export type LogLine = Record<string, unknown>;

/** An API instance whose log lines are kept in `logs` instead of going to stdout. */
export interface TestApi<D extends ApiBaseDeps = ApiDeps> {
  api: ApiApp;
  logs: LogLine[];
  /** The dependencies it was built with (e.g. its mailer, to send mail as identity would). */
  deps: D;
}

/** What a test may change of the API it builds. */
export interface TestApiOptions {
  healthProbeTimeoutMs?: number;
  /** Overrides of the local test settings (`TEST_CONFIG`). */
  config?: Partial<ApiConfig>;
  /** Sign-in limits other than the defaults (a test's own, small allowance). */
  limits?: SignInLimits;
  /**
   * The guard's session cache TTL (default: on, as it ships, see `createTestSessionCache`). 0
   * only for a test that changes rows behind the API's back and must see it at once; say why.
   */
  sessionCacheTtlMs?: number;
  /** Branding upload services other than `createTestBrandingAssetServices()`'s. */
  brandingAssets?: ApiDeps['brandingAssets'];
  /** A branding upload limiter other than the default (60 per 10 minutes). */
  brandingUploadLimiter?: ApiDeps['brandingUploadLimiter'];
  /** A branding file limiter other than the default (600 per 10 minutes). */
  brandingFileLimiter?: ApiDeps['brandingFileLimiter'];
  /** The module snapshot cache (`createModuleSnapshotCache`); default none: lookups uncached. */
  moduleSnapshots?: ApiDeps['moduleSnapshots'];
  /** An invitation limiter other than the default (50 per inviter, 100 per workspace an hour). */
  invitationLimiter?: ApiDeps['invitationLimiter'];
  /** A module health check limiter other than the default (30 per person and module in 10 minutes). */
  moduleHealthCheckLimiter?: ApiDeps['moduleHealthCheckLimiter'];
  /** A module token limiter other than the default (60 per session a minute). */
  moduleTokenLimiter?: ApiDeps['moduleTokenLimiter'];
  /** An event emit limiter other than the default (`DEFAULT_EVENT_EMIT_LIMITS`). */
  eventEmitLimiter?: ApiDeps['eventEmitLimiter'];
  /** A failed module key limiter other than the default (30 per address in 10 minutes). */
  moduleKeyFailureLimiter?: ApiDeps['moduleKeyFailureLimiter'];
  /** A credential resolve limiter other than the default (120 per person a minute). */
  credentialResolveLimiter?: ApiDeps['credentialResolveLimiter'];
  /** Gateway settings other than `TEST_GATEWAY_SETTINGS` (e.g. a smaller body cap). */
  gateway?: Partial<GatewaySettings>;
}

/**
 * Builds the real API around `db` with a capturing logger and the test dependencies of
 * `buildTestDeps` (`config` overrides the local test settings); with `db` null, the API of a
 * process without a database (`createDatabaselessApi`: health, docs, SERVICE_UNAVAILABLE).
 */
export function createTestApi(db: Db, options?: TestApiOptions): TestApi;
export function createTestApi(db: null, options?: TestApiOptions): TestApi<ApiBaseDeps>;
export function createTestApi(
  db: Db | null,
  options: TestApiOptions = {},
): TestApi | TestApi<ApiBaseDeps> {
  const logs: LogLine[] = [];
  const logger = createLogger('debug', {
    write(line: string) {
      logs.push(JSON.parse(line) as LogLine);
    },
  });
  const { config, limits, sessionCacheTtlMs, gateway, ...rest } = options;
  if (!db) {
    const base: ApiBaseDeps = { logger, config: { ...TEST_CONFIG, ...config }, ...rest };
    return { api: createDatabaselessApi(base), logs, deps: base };
  }
  const deps: ApiDeps = {
    ...buildTestDeps(db, config, limits, sessionCacheTtlMs, { settings: gateway, logger }),
    logger,
    ...rest,
  };
  return { api: createApi(deps), logs, deps };
}

/** The response's correlation id header, failing the test when it is missing. */
export function correlationIdOf(response: Response): string {
  const id = response.headers.get('x-correlation-id');
  if (!id) throw new Error('response has no x-correlation-id header');
  return id;
}
