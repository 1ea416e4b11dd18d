import type { IncomingMessage, ServerResponse } from 'node:http';
import { createComposioStandIn } from '@aiconnected/integrations/testing';
import type { Env } from '@/env';
import { isOwnHost } from './is-own-host';

/** Where the local platform serves its Composio stand-in. */
export const DEV_COMPOSIO_PATH = '/dev/composio';

/** Serves one request when it is the stand-in's; false when it is not (the caller goes on). */
export type DevComposioHandler = (request: IncomingMessage, response: ServerResponse) => boolean;

/**
 * The local Composio stand-in (design 13 §7): only with `PLATFORM_ENV=local` and no
 * COMPOSIO_BASE_URL (null otherwise: /dev/composio is then an ordinary, unknown path), only for
 * requests addressed to this server's own names (a loopback name or the public base URL's host:
 * `isOwnHost`), with the API key of `.data/composio-standin-key` (`apiKey`). Its hosted page is
 * titled "Composio stand-in (local)": connecting a provider works with no external service.
 */
export function createDevComposio(environment: Env, apiKey: string): DevComposioHandler | null {
  if (environment.PLATFORM_ENV !== 'local' || environment.COMPOSIO_BASE_URL !== undefined) {
    return null;
  }
  const base = environment.PLATFORM_PUBLIC_BASE_URL;
  const standIn = createComposioStandIn({
    apiKey,
    publicBaseUrl: `${new URL(base).origin}${DEV_COMPOSIO_PATH}`,
    pathPrefix: DEV_COMPOSIO_PATH,
  });
  return (request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (path !== DEV_COMPOSIO_PATH && !path.startsWith(`${DEV_COMPOSIO_PATH}/`)) return false;
    if (!isOwnHost(request.headers.host, base)) return false;
    // handle() answers every request and every failure itself.
    void standIn.handle(request, response);
    return true;
  };
}
