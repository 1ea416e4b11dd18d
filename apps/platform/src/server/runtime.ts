import { createDb } from '@aiconnected/db';
import { env } from '@/env';
import { createApi } from './api/app';
import type { ApiApp, ApiDeps } from './api/context';
import { createLogger } from './logger';

/** The process-wide services: built once, shared by the API and server-rendered pages. */
export interface PlatformRuntime {
  deps: ApiDeps;
  api: ApiApp;
}

// On globalThis so `next dev` module reloads reuse one pool instead of leaking one per edit.
const holder = globalThis as typeof globalThis & { __aiconnectedRuntime?: PlatformRuntime };

function buildRuntime(): PlatformRuntime {
  const { DATABASE_URL, LOG_LEVEL } = env();
  const logger = createLogger(LOG_LEVEL);
  // Without DATABASE_URL the app still serves: health and the status page report the database
  // as unavailable. `npm start` sets it (embedded Postgres) before the app starts.
  const db = DATABASE_URL
    ? createDb(DATABASE_URL, { logger, applicationName: 'aiconnected-platform' })
    : null;
  if (!db) logger.warn('DATABASE_URL is not set: the database is unavailable');
  const deps: ApiDeps = { db, logger };
  return { deps, api: createApi(deps) };
}

/** The runtime of this process, built from `env()` on first use. */
export function getRuntime(): PlatformRuntime {
  holder.__aiconnectedRuntime ??= buildRuntime();
  return holder.__aiconnectedRuntime;
}
