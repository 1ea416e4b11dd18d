import type { Context } from 'hono';

/**
 * The client's IP address for rate limits and the session list: the right-most
 * `x-forwarded-for` entry, which is the one the proxy in front of us appended (entries
 * further left are whatever the client claimed). Next.js sets the header to the socket
 * address only when it is absent, so without a proxy a client can choose it; the per-email
 * limits hold regardless. Null when nothing says (in-process requests).
 */
export function clientAddress(c: Context): string | null {
  const forwarded = c.req.header('x-forwarded-for');
  const last = forwarded?.split(',').at(-1)?.trim();
  if (last) return last;
  return c.req.header('x-real-ip')?.trim() || null;
}
