import { randomBytes } from 'node:crypto';
import type { Db } from '@aiconnected/db';
import {
  createIntegrationsRuntime,
  createProviderRegistry,
  type IntegrationsDeps,
  type IntegrationsRuntime,
} from '@aiconnected/integrations';
import type { SecretKeyRing } from '@aiconnected/secrets';
import type { Env } from '@/env';
import { DEV_COMPOSIO_PATH } from './dev-composio';
import { readOrCreateLocalSecret } from './local-data';
import type { Logger } from './logger';

/** The file of `.data/` holding the local Composio stand-in's API key (one per checkout). */
export const LOCAL_COMPOSIO_KEY_FILE = 'composio-standin-key';

/** The local stand-in's API key, made once into `.data/`. */
export function localComposioKey(): string {
  return readOrCreateLocalSecret(LOCAL_COMPOSIO_KEY_FILE, () =>
    randomBytes(24).toString('base64url'),
  );
}

/**
 * Where this process reaches Composio: COMPOSIO_BASE_URL + COMPOSIO_API_KEY when set; locally
 * without them, the built-in stand-in this server mounts at /dev/composio; else none
 * (integrations answer INTEGRATION_PROVIDER_UNAVAILABLE `not_configured`).
 */
export function composioConfigFromEnv(
  environment: Env,
): { baseUrl: string; apiKey: string } | null {
  if (environment.COMPOSIO_BASE_URL !== undefined && environment.COMPOSIO_API_KEY !== undefined) {
    return { baseUrl: environment.COMPOSIO_BASE_URL, apiKey: environment.COMPOSIO_API_KEY };
  }
  if (environment.PLATFORM_ENV !== 'local') return null;
  return { baseUrl: `${localOrigin(environment)}${DEV_COMPOSIO_PATH}`, apiKey: localComposioKey() };
}

/**
 * How this process reaches its own web server: the address it listens on (HOST, 127.0.0.1 by
 * default locally; loopback when it listens on every address), not a name that may resolve to
 * another address family first.
 */
function localOrigin(environment: Env): string {
  const { HOST: host, PORT: port } = environment;
  if (host === '0.0.0.0' || host === '::' || host === '') return `http://127.0.0.1:${port}`;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** The integrations package's deps of this process (the callback comes back to PLATFORM_AUTH_CALLBACK_URL's origin). */
export function integrationsDepsFromEnv(
  environment: Env,
  logger: Logger,
  secretKeys: SecretKeyRing,
): IntegrationsDeps {
  return {
    providers: createProviderRegistry({ composio: composioConfigFromEnv(environment) }),
    secretKeys,
    callbackBaseUrl: new URL(environment.PLATFORM_AUTH_CALLBACK_URL).origin,
    logger: logger.child({ component: 'integrations' }),
  };
}

/**
 * This process's integrations runtime (the status refresh and daily prune on pg-boss), not
 * yet started: run by the web process beside event delivery and by `npm run worker`.
 */
export function createIntegrationsProcess(input: {
  environment: Env;
  connectionString: string;
  db: Db;
  deps: IntegrationsDeps;
}): IntegrationsRuntime {
  return createIntegrationsRuntime({
    connectionString: input.connectionString,
    db: input.db,
    deps: input.deps,
    intervalMs: input.environment.INTEGRATIONS_REFRESH_INTERVAL_MS,
  });
}
