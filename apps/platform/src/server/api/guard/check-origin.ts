import type { Context } from 'hono';
import type { HostWorkspaceCache } from '@aiconnected/branding';
import { ShellError } from '@aiconnected/sdk-contracts';
import { isOwnHost } from '../../is-own-host';
import type { ApiConfig } from './config';
import type { RequestHead } from './read-session-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origin a browser says the request comes from: `Origin`, else the `Referer`'s origin. */
function requestOrigin(request: RequestHead): string | null {
  const origin = request.header('origin');
  if (origin && origin !== 'null') return origin;
  const referer = request.header('referer');
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return null;
  }
}

/** What the origin check needs: the deployment's settings and which hosts it serves. */
export interface OriginCheckDeps {
  config: Pick<ApiConfig, 'allowedOrigins' | 'baseUrl' | 'isLocal'>;
  hostWorkspaces: Pick<HostWorkspaceCache, 'resolve'>;
}

/**
 * Whether `origin` is the request's own: its host is the request's `Host` (a custom domain's
 * pages calling its API), and that host is one this server serves (its own, or a verified
 * custom domain or platform host, from the host cache). The web server refuses other hosts
 * first (refuse-foreign-host.ts); the second check keeps a name merely rebound to this server
 * (DNS rebinding) out even where this app is mounted without it. The scheme is the
 * deployment's, as a TLS proxy in front leaves the request's own URL on http.
 */
async function isOwnOrigin(
  request: RequestHead,
  origin: string,
  deps: OriginCheckDeps,
): Promise<boolean> {
  const host = request.header('host');
  if (!host) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const { baseUrl, isLocal } = deps.config;
  if (url.host !== host.toLowerCase() || url.protocol !== new URL(baseUrl).protocol) return false;
  if (isOwnHost(host, baseUrl, { loopback: isLocal })) return true;
  return (await deps.hostWorkspaces.resolve(host)) !== null;
}

/**
 * CSRF defence for cookie-authenticated requests: a state-changing method must come from one
 * of `allowedOrigins` or from the request's own origin (`isOwnOrigin`: a verified custom domain),
 * so a form or script on another site cannot use the visitor's cookie. Requests without any
 * origin information are refused too (browsers send `Origin` on every cross-site POST; only
 * non-browser clients omit it, and those use `Authorization: Bearer`).
 */
export function assertAllowedOrigin(c: Context, deps: OriginCheckDeps): Promise<void> {
  return assertAllowedOriginOf(c.req, deps);
}

/** `assertAllowedOrigin` of a request's head. */
export async function assertAllowedOriginOf(
  request: RequestHead,
  deps: OriginCheckDeps,
): Promise<void> {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = requestOrigin(request);
  if (origin && deps.config.allowedOrigins.includes(origin)) return;
  if (origin && (await isOwnOrigin(request, origin, deps))) return;
  throw new ShellError(
    'PERMISSION_DENIED',
    `cookie-authenticated ${request.method} from origin ${origin ?? '(none)'} refused`,
    { details: { reason: 'origin' } },
  );
}
