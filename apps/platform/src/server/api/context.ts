import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Db } from '@aiconnected/db';
import type { Logger } from '../logger';

/** What the API needs from its process; built once by `runtime.ts`, or by a test. */
export interface ApiDeps {
  /** Null when the process has no DATABASE_URL: the API still answers, health says so. */
  db: Db | null;
  logger: Logger;
  /** Upper bound of the health check's database probe. */
  healthProbeTimeoutMs?: number;
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
