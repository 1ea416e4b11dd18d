import type { Context } from 'hono';
import { ShellError } from '@aiconnected/sdk-contracts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origin a browser says the request comes from: `Origin`, else the `Referer`'s origin. */
function requestOrigin(c: Context): string | null {
  const origin = c.req.header('origin');
  if (origin && origin !== 'null') return origin;
  const referer = c.req.header('referer');
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return null;
  }
}

/**
 * Whether `origin` is the request's own: its host is the request's `Host` (a custom domain's
 * pages calling its API). Same-origin by the browser's rules, so no other site can send it; a
 * name merely rebound to this server (DNS rebinding) never gets here: the web server answers
 * only the hosts it serves (refuse-foreign-host.ts). The scheme is the deployment's, as a TLS
 * proxy in front leaves the request's own URL on http.
 */
function isOwnOrigin(c: Context, origin: string, baseUrl: string): boolean {
  const host = c.req.header('host');
  if (!host) return false;
  try {
    const url = new URL(origin);
    return url.host === host.toLowerCase() && url.protocol === new URL(baseUrl).protocol;
  } catch {
    return false;
  }
}

/**
 * CSRF defence for cookie-authenticated requests: a state-changing method must come from one
 * of `allowedOrigins` or from the request's own origin (`isOwnOrigin`: a verified custom domain),
 * so a form or script on another site cannot use the visitor's cookie. Requests without any
 * origin information are refused too (browsers send `Origin` on every cross-site POST; only
 * non-browser clients omit it, and those use `Authorization: Bearer`).
 */
export function assertAllowedOrigin(
  c: Context,
  allowedOrigins: readonly string[],
  baseUrl: string,
): void {
  if (SAFE_METHODS.has(c.req.method)) return;
  const origin = requestOrigin(c);
  if (origin && (allowedOrigins.includes(origin) || isOwnOrigin(c, origin, baseUrl))) return;
  throw new ShellError(
    'PERMISSION_DENIED',
    `cookie-authenticated ${c.req.method} from origin ${origin ?? '(none)'} refused`,
    { details: { reason: 'origin' } },
  );
}
