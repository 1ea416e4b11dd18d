import type { OpenAPIHono } from '@hono/zod-openapi';
import type {
  BrandingAssetServices,
  HostWorkspaceCache,
  SignInBrandingCache,
} from '@aiconnected/branding';
import type { Db } from '@aiconnected/db';
import type { Gateway, SigningKeyRing } from '@aiconnected/gateway';
import type { AuthProvider, AuthRateLimiter, Mailer, SessionCache } from '@aiconnected/identity';
import type { IntegrationsDeps } from '@aiconnected/integrations';
import type { ModuleSnapshotCache } from '@aiconnected/modules';
import type { SecretKeyRing } from '@aiconnected/secrets';
import type { Logger } from '../logger';
import type { ApiConfig } from './guard/config';

/** What every API app needs, with a database or without one (see `createDatabaselessApi`). */
export interface ApiBaseDeps {
  logger: Logger;
  /** Upper bound of the health check's database probe. */
  healthProbeTimeoutMs?: number;
  /** Deployment settings of the auth layer (cookie, origins, session lifetime, local mode). */
  config: ApiConfig;
}

/**
 * What the full API needs from its process: built once by `runtime.ts` when there is a
 * database (DATABASE_URL), or by a test. Without a database there is no `ApiDeps`: the
 * process serves the databaseless API instead.
 */
export interface ApiDeps extends ApiBaseDeps {
  db: Db;
  /** The guard's `authenticateSession` with this process's cache. */
  sessionCache: SessionCache;
  /** Checks email + password (`AUTH_PROVIDER`: local or Supabase). */
  authProvider: AuthProvider;
  /** Failed sign-ins per email (counted in Postgres). */
  signInLimiter: AuthRateLimiter;
  /** Failed sign-ins per client address. */
  signInIpLimiter: AuthRateLimiter;
  /** Password-reset and email-change requests per IP and per email. */
  resetLimiter: AuthRateLimiter;
  /** Invitation mails per inviter and per workspace (`createInvitationLimiter`). */
  invitationLimiter: AuthRateLimiter;
  /** Sends invitation, reset and verification mail. */
  mailer: Mailer;
  /** The login branding of a host's sign-in page (per-process cache, migration 031's NOTIFY). */
  signInBranding: SignInBrandingCache;
  /** Branding uploads: the URL signing key, file storage and the scan hook. */
  brandingAssets: BrandingAssetServices;
  /** Signed branding uploads per client address. */
  brandingUploadLimiter: AuthRateLimiter;
  /** Public branding file reads per client address (`createBrandingFileLimiter`). */
  brandingFileLimiter: AuthRateLimiter;
  /** Which workspace a host belongs to (the host cache): the origin check's second layer. */
  hostWorkspaces: Pick<HostWorkspaceCache, 'resolve'>;
  /** Domain adds and verifies per person (`createDomainWriteLimiter`). */
  domainWriteLimiter: AuthRateLimiter;
  /**
   * Each workspace's module snapshot for the layout's navigation and the module page lookup
   * (migration 037's NOTIFY); absent (tests by default): every lookup reads Postgres.
   */
  moduleSnapshots?: ModuleSnapshotCache;
  /** Module health checks per person and module (`createModuleHealthCheckLimiter`). */
  moduleHealthCheckLimiter: AuthRateLimiter;
  /**
   * The module API gateway (`ALL /api/gateway/{module}/{path}`): enforcement, signed claims,
   * streaming forwarding and the per-target circuit breakers (docs/modules.md "Gateway").
   */
  gateway: Gateway;
  /** The gateway's ES256 keys: module UI tokens are signed with it, the JWKS publishes it. */
  signingKeys: SigningKeyRing;
  /** Module UI tokens minted per user (`createModuleTokenLimiter`). */
  moduleTokenLimiter: AuthRateLimiter;
  /** Events emitted per installation and per person (`createEventEmitLimiter`). */
  eventEmitLimiter: AuthRateLimiter;
  /** Refused module API keys per client address (`createModuleKeyFailureLimiter`). */
  moduleKeyFailureLimiter: AuthRateLimiter;
  /** Seals and opens stored secrets (SHELL_SECRET_KEYS; webhook secrets of installations). */
  secrets: SecretKeyRing;
  /** Module credential issues per person and module (`createModuleCredentialLimiter`). */
  moduleCredentialLimiter: AuthRateLimiter;
  /** Credential resolutions per person (`createCredentialResolveLimiter`). */
  credentialResolveLimiter: AuthRateLimiter;
  /** Integration connects per person (`createIntegrationConnectLimiter`). */
  integrationConnectLimiter: AuthRateLimiter;
  /** The integration backends (Composio), the secret keys and the OAuth callback origin. */
  integrations: IntegrationsDeps;
}

/** Per-request values set by the request-context middleware. */
export interface ApiVariables {
  correlationId: string;
  /** The process logger bound to this request's correlation id. */
  logger: Logger;
}

export interface ApiEnv {
  Variables: ApiVariables;
}

/** The API under `/api`, and the sub-apps that need nothing but the request (health, docs). */
export type ApiApp = OpenAPIHono<ApiEnv>;

/** The request variables of a feature's routes: the API's services come with the request. */
export interface FeatureVariables extends ApiVariables {
  /** Set by `createApi` for every request; the databaseless API mounts no feature. */
  deps: ApiDeps;
}

export interface FeatureEnv {
  Variables: FeatureVariables;
}

/**
 * A feature's routes (`<feature>/routes.ts`): declared without the process's services, which
 * handlers and the guard read from `c.var.deps`, so the API can be described (OpenAPI) without
 * a database.
 */
export type FeatureApp = OpenAPIHono<FeatureEnv>;
