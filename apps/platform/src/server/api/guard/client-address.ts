import type { IncomingMessage } from 'node:http';
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import proxyAddr from 'proxy-addr';

/** Whether an address is one of the configured proxies (`PLATFORM_TRUSTED_PROXIES`). */
export type TrustProxy = (address: string, hop: number) => boolean;

/** Compiles `PLATFORM_TRUSTED_PROXIES` (addresses, CIDRs, proxy-addr's names) once. */
export function compileTrustedProxies(proxies: readonly string[]): TrustProxy {
  return proxyAddr.compile([...proxies]);
}

/**
 * The client's IP address, for rate limits, the session list and audit rows. The socket
 * peer is the client, unless it is a trusted proxy: then `X-Forwarded-For` is read right to
 * left, past every trusted hop, and the first untrusted entry is the client (entries further
 * left are whatever the client claimed). With no trusted proxy configured the header is
 * ignored, so a client cannot choose its address. Null when there is no socket (in-process
 * `app.request()` without Node bindings).
 */
export function clientAddress(c: Context, trust: TrustProxy): string | null {
  const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
  return incoming ? clientAddressOf(incoming, trust) : null;
}

/** `clientAddress` of a Node request. */
export function clientAddressOf(incoming: IncomingMessage, trust: TrustProxy): string | null {
  const { socket } = incoming;
  if (!socket?.remoteAddress) return null;
  const forwardedFor = incoming.headers['x-forwarded-for'];
  const request = { socket, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} };
  return proxyAddr(request as Parameters<typeof proxyAddr>[0], trust);
}
