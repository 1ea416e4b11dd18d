/**
 * The request header `src/middleware.ts` sets to the page's CSP nonce, which the root layout
 * reads for next-themes' inline script. Always overwritten by the middleware, so a client
 * cannot choose it. In a file of its own so the middleware (Edge runtime) imports nothing of
 * the server's.
 */
export const NONCE_HEADER = 'x-nonce';

/**
 * A page's Content-Security-Policy. The product makes no external requests, so every source
 * is our own origin. Scripts run only with this request's nonce (Next 14 puts it on its own
 * scripts when it finds the policy in the request's headers) or when loaded by such a script
 * ('strict-dynamic': Next's chunks); `next dev` also evaluates modules ('unsafe-eval').
 * Styles keep 'unsafe-inline': Next, Radix and the toaster set inline styles. `data:` images
 * are the icons of inline SVG backgrounds. Framing only by our own pages. A page frames
 * nothing (`frame-src 'none'`), except a module page, which frames its module's UI: exactly
 * `frameOrigin`, the module's entry origin. The API sets its own headers
 * (src/server/api/http/security-headers.ts), /api/docs its own policy.
 */
export function buildPageContentSecurityPolicy(
  nonce: string,
  dev: boolean,
  frameOrigin: string | null = null,
): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-src ${frameOrigin ?? "'none'"}`,
    "frame-ancestors 'self'",
  ].join('; ');
}

/**
 * `value` when it is an http(s) origin and nothing else (`https://ui.example.com:8443`: no
 * path, no wildcard, no second source), so it can stand alone in a CSP source list; else null.
 */
export function frameOriginOf(value: string | null): string | null {
  if (value === null) return null;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value
      ? value
      : null;
  } catch {
    return null;
  }
}
