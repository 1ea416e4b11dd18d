import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Db } from '@aiconnected/db';
import type { AuthProvider, AuthRateLimiter, Mailer, SessionCache } from '@aiconnected/identity';
import type { Logger } from '../logger';
import type { ApiConfig } from './guard/config';

/** What the API needs from its process; built once by `runtime.ts`, or by a test. */
export interface ApiDeps {
  /** Null when the process has no DATABASE_URL: the API still answers, health says so. */
  db: Db | null;
  /** The guard's `authenticateSession` with this process's cache; null exactly when `db` is. */
  sessionCache: SessionCache | null;
  logger: Logger;
  /** Upper bound of the health check's database probe. */
  healthProbeTimeoutMs?: number;
  /** Deployment settings of the auth layer (cookie, origins, session lifetime, local mode). */
  config: ApiConfig;
  /** Checks email + password (`AUTH_PROVIDER`: local or Supabase). */
  authProvider: AuthProvider;
  /** Failed sign-ins per email; null exactly when `db` is (it lives in Postgres). */
  signInLimiter: AuthRateLimiter | null;
  /** Failed sign-ins per client address; null exactly when `db` is. */
  signInIpLimiter: AuthRateLimiter | null;
  /** Password-reset and email-change requests per IP and per email; null exactly when `db` is. */
  resetLimiter: AuthRateLimiter | null;
  /** Sends invitation, reset and verification mail; null exactly when `db` is. */
  mailer: Mailer | null;
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

export type ApiApp = OpenAPIHono<ApiEnv>;
