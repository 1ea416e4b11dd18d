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
 * CSRF defence for cookie-authenticated requests: a state-changing method must come from one
 * of `allowedOrigins`, so a form or script on another site cannot use the visitor's cookie.
 * Requests without any origin information are refused too (browsers send `Origin` on every
 * cross-site POST; only non-browser clients omit it, and those use `Authorization: Bearer`).
 */
export function assertAllowedOrigin(c: Context, allowedOrigins: readonly string[]): void {
  if (SAFE_METHODS.has(c.req.method)) return;
  const origin = requestOrigin(c);
  if (origin && allowedOrigins.includes(origin)) return;
  throw new ShellError(
    'PERMISSION_DENIED',
    `cookie-authenticated ${c.req.method} from origin ${origin ?? '(none)'} refused`,
    { details: { reason: 'origin' } },
  );
}
