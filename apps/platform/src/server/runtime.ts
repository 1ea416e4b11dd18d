import {
  createSignInBrandingCache,
  createWorkspaceLogosCache,
  startUploadPurge,
  type HostWorkspaceCache,
  type WorkspaceLogosCache,
} from '@aiconnected/branding';
import { createChannelHub, createDb, type Db } from '@aiconnected/db';
import { createModuleSnapshotCache } from '@aiconnected/modules';
import {
  createLocalAuthProvider,
  createMailer,
  createSessionCache,
  createSupabaseAuthProvider,
  type AuthProvider,
} from '@aiconnected/identity';
import { env, type Env } from '@/env';
import { createApi } from './api/app';
import {
  createBrandingFileLimiter,
  createBrandingUploadLimiter,
  createCredentialResolveLimiter,
  createDomainWriteLimiter,
  createInvitationLimiter,
  createIntegrationConnectLimiter,
  createModuleCredentialLimiter,
  createEventEmitLimiter,
  createModuleHealthCheckLimiter,
  createModuleKeyFailureLimiter,
  createModuleTokenLimiter,
} from './api/guard/rate-limits';
import { brandingAssetServicesFromEnv } from './branding-asset-services';
import { apiConfigFromEnv } from './api/guard';
import { createAuthLimiters, signInLimitsFromEnv } from './api/guard/rate-limits';
import type { ApiApp, ApiBaseDeps, ApiDeps } from './api/context';
import { createDatabaselessApi } from './api/databaseless-api';
import { createLogger } from './logger';
import { startPageThemes, type PageThemes } from './page-themes';
import { startDomainServices } from './domain-services';
import { signingKeysFromEnv } from './gateway-keys';
import { secretKeysFromEnv } from './secret-keys';
import { createGatewayServices, gatewaySettingsFromEnv } from './gateway-services';
import { createEventDelivery } from './event-delivery';
import { createIntegrationsProcess, integrationsDepsFromEnv } from './integrations-runtime';

/** The process-wide services: built once, shared by the API and server-rendered pages. */
export interface PlatformRuntime {
  /** What every part of the process uses (logger, API settings), database or not. */
  deps: ApiBaseDeps;
  /** Null without DATABASE_URL: the API then serves health and its description only. */
  db: Db | null;
  api: ApiApp;
  /** Each workspace's compiled theme for the pages (root layout); null without a database. */
  themeCss: PageThemes | null;
  /**
   * Which workspace a request's host belongs to (verified custom domain or platform host),
   * cached; null without a database (then no custom host is served). docs/domains.md.
   */
  hostWorkspaces: HostWorkspaceCache | null;
  /** Each workspace's effective header logos and favicon, cached; null without a database. */
  workspaceLogos: WorkspaceLogosCache | null;
  /**
   * Stops the caches (their shared listening connection ends with the last), the background
   * work, and ends the database pool (after the web server stopped taking requests).
   */
  close(): Promise<void>;
}

/** `application_name` of the one connection on which all of a process's caches listen. */
export const LISTENER_APPLICATION_NAME = 'aiconnected-listener';

// On globalThis so `next dev` module reloads reuse one pool instead of leaking one per edit.
const holder = globalThis as typeof globalThis & { __aiconnectedRuntime?: PlatformRuntime };

/** The auth provider `AUTH_PROVIDER` names (env.ts guarantees Supabase's settings are set). */
function buildAuthProvider(environment: Env): AuthProvider {
  const { AUTH_PROVIDER, SUPABASE_URL, NEXT_PUBLIC_SUPABASE_ANON_KEY } = environment;
  if (AUTH_PROVIDER === 'local') return createLocalAuthProvider();
  if (!SUPABASE_URL || !NEXT_PUBLIC_SUPABASE_ANON_KEY) {
    throw new Error('AUTH_PROVIDER=supabase needs SUPABASE_URL and NEXT_PUBLIC_SUPABASE_ANON_KEY');
  }
  return createSupabaseAuthProvider({
    supabaseUrl: SUPABASE_URL,
    anonKey: NEXT_PUBLIC_SUPABASE_ANON_KEY,
  });
}

function buildRuntime(environment: Env): PlatformRuntime {
  const { DATABASE_URL, LOG_LEVEL, MAIL_TRANSPORT, SMTP_URL, MAIL_FROM, SESSION_CACHE_TTL_MS } =
    environment;
  const logger = createLogger(LOG_LEVEL);
  const base: ApiBaseDeps = { logger, config: apiConfigFromEnv(environment) };
  // Without DATABASE_URL the app still serves: health and the status page report the database
  // as unavailable, the API describes itself and refuses the rest (SERVICE_UNAVAILABLE).
  // `npm start` sets it (embedded Postgres) before the app starts.
  if (!DATABASE_URL) {
    logger.warn('DATABASE_URL is not set: the database is unavailable');
    return {
      deps: base,
      db: null,
      api: createDatabaselessApi(base),
      themeCss: null,
      hostWorkspaces: null,
      workspaceLogos: null,
      close: async () => {},
    };
  }
  const db = createDb(DATABASE_URL, { logger, applicationName: 'aiconnected-platform' });
  // The one connection on which every cache below listens for Postgres notifications (each
  // cache trusted only while its channel's delivery is proven); it ends with the last cache.
  const hub = createChannelHub(db, { logger, applicationName: LISTENER_APPLICATION_NAME });
  // Reuses the guard's answers while its Postgres listener proves that notifications arrive,
  // which needs a direct or session-mode DATABASE_URL (docs/identity.md "Session cache").
  const sessionCache = createSessionCache(db, { ttlMs: SESSION_CACHE_TTL_MS, logger, hub });
  sessionCache.listen();
  const themeCss = startPageThemes(db, logger, hub);
  // The host cache (host routing) and the background domain checker.
  const domains = startDomainServices(db, environment, logger, hub);
  const { hostWorkspaces } = domains;
  // Deletes branding assets whose upload URL expired unused (docs/branding.md).
  const uploadPurge =
    environment.BRANDING_PURGE_INTERVAL_MS > 0
      ? startUploadPurge(db, { intervalMs: environment.BRANDING_PURGE_INTERVAL_MS, logger })
      : null;
  // The sign-in page's branding per workspace, forgotten on every save (migration 031).
  const signInBranding = createSignInBrandingCache(db, {
    resolveHost: (host) => hostWorkspaces.resolve(host),
    logger,
    hub,
  });
  signInBranding.listen();
  // The header logos of every signed-in page, forgotten on every (de)activation.
  const workspaceLogos = createWorkspaceLogosCache(db, { logger, hub });
  workspaceLogos.listen();
  // The layout's module navigation and the module page lookup per workspace (migration 037).
  const moduleSnapshots = createModuleSnapshotCache(db, { logger, hub });
  moduleSnapshots.listen();
  // The gateway's signing keys, loaded once (GATEWAY_SIGNING_KEYS, locally `.data/`).
  const signingKeys = signingKeysFromEnv(environment);
  const gatewayServices = createGatewayServices({
    db,
    signingKeys,
    logger,
    snapshots: moduleSnapshots,
    settings: gatewaySettingsFromEnv(environment),
  });
  const secretKeys = secretKeysFromEnv(environment);
  const deps: ApiDeps = {
    ...base,
    db,
    sessionCache,
    authProvider: buildAuthProvider(environment),
    ...createAuthLimiters(db.pool, signInLimitsFromEnv(environment)),
    mailer: createMailer({ transport: MAIL_TRANSPORT, smtpUrl: SMTP_URL, from: MAIL_FROM, db }),
    signInBranding,
    brandingAssets: brandingAssetServicesFromEnv(environment),
    brandingUploadLimiter: createBrandingUploadLimiter(db.pool),
    brandingFileLimiter: createBrandingFileLimiter(db.pool),
    domainWriteLimiter: createDomainWriteLimiter(db.pool),
    invitationLimiter: createInvitationLimiter(db.pool),
    moduleHealthCheckLimiter: createModuleHealthCheckLimiter(db.pool),
    hostWorkspaces,
    moduleSnapshots,
    gateway: gatewayServices.gateway,
    signingKeys,
    moduleTokenLimiter: createModuleTokenLimiter(db.pool),
    eventEmitLimiter: createEventEmitLimiter(db.pool, {
      perModule: environment.EVENTS_EMIT_MODULE_PER_MINUTE,
      perUser: environment.EVENTS_EMIT_USER_PER_MINUTE,
    }),
    moduleKeyFailureLimiter: createModuleKeyFailureLimiter(),
    // The KEKs of stored secrets, loaded once (SHELL_SECRET_KEYS, locally `.data/`).
    secrets: secretKeys,
    moduleCredentialLimiter: createModuleCredentialLimiter(db.pool),
    integrationConnectLimiter: createIntegrationConnectLimiter(db.pool),
    integrations: integrationsDepsFromEnv(environment, logger, secretKeys),
    credentialResolveLimiter: createCredentialResolveLimiter(db.pool),
  };
  // Event delivery beside the web server (EVENTS_DELIVERY=inline), on the process's hub; off
  // when `npm run worker` delivers (docs/events.md "Processes"). A failed start is logged and
  // the web process serves on: lanes wait for the next start or another worker.
  const delivery =
    environment.EVENTS_DELIVERY === 'inline'
      ? createEventDelivery({
          environment,
          connectionString: DATABASE_URL,
          db,
          logger,
          secrets: deps.secrets,
          hub,
          role: 'web',
        })
      : null;
  delivery
    ?.start()
    .catch((error: unknown) => logger.error({ err: error }, 'events.delivery_start_failed'));
  // The integrations status refresh beside the web server, as event delivery (and off with it).
  const integrations =
    environment.EVENTS_DELIVERY === 'inline'
      ? createIntegrationsProcess({
          environment,
          connectionString: DATABASE_URL,
          db,
          deps: deps.integrations,
        })
      : null;
  integrations
    ?.start()
    .catch((error: unknown) => logger.error({ err: error }, 'integrations.runtime_start_failed'));
  const close = async () => {
    // First: no new drains; the ones running record their POST in flight.
    await delivery?.stop();
    await integrations?.stop();
    await deps.integrations.providers.close();
    await sessionCache.close();
    await themeCss.close();
    await domains.close();
    await uploadPurge?.stop();
    await signInBranding.close();
    await workspaceLogos.close();
    await moduleSnapshots.close();
    await gatewayServices.close();
    await db.close();
  };
  return { deps, db, api: createApi(deps), themeCss, hostWorkspaces, workspaceLogos, close };
}

/**
 * Builds this process's runtime from `environment` and makes it the one `getRuntime` returns:
 * the web server calls it before serving, so the API and the pages (compiled by Next into
 * their own copy of this module) share one pool.
 */
export function startRuntime(environment: Env): PlatformRuntime {
  holder.__aiconnectedRuntime = buildRuntime(environment);
  return holder.__aiconnectedRuntime;
}

/** The runtime of this process: the web server's, else built from `env()` on first use. */
export function getRuntime(): PlatformRuntime {
  holder.__aiconnectedRuntime ??= buildRuntime(env());
  return holder.__aiconnectedRuntime;
}
