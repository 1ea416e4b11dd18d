import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** One address of a host, as a connection pinned to it needs it (`pinnedLookup`). */
export interface PinnedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Every address of a URL's host (`url.hostname`, an IPv6 literal with or without its
 * brackets), in the resolver's order: a literal is its own one address, a name is resolved
 * (`dns.lookup`, all addresses, verbatim). An empty list when the name does not resolve.
 * Rejects with `signal`'s reason when it aborts first (a deadline), so the caller can tell a
 * timeout from a missing host. Callers judge every address, then connect to one of them
 * through `pinnedLookup`, so a second DNS answer cannot swap in another address.
 */
export async function resolveHostAddresses(
  hostname: string,
  signal: AbortSignal,
): Promise<PinnedAddress[]> {
  const host = hostname.replace(/^\[(.*)\]$/, '$1');
  const literal = isIP(host);
  if (literal === 4 || literal === 6) return [{ address: host, family: literal }];
  try {
    const found = await untilAborted(lookup(host, { all: true, verbatim: true }), signal);
    return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
  } catch (error) {
    if (signal.aborted) throw error;
    return [];
  }
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
