import type { LookupFunction } from 'node:net';
import { targetAddressRefusal } from '../installations/target-address-refusal';
import { pinnedLookup } from './pinned-lookup';
import { resolveHostAddresses } from './resolve-host-addresses';

/** A connection refused by the address rules (`code` ADDRESS_NOT_ALLOWED). */
export class AddressNotAllowedError extends Error {
  readonly code = 'ADDRESS_NOT_ALLOWED';
}

/**
 * An undici `Agent`'s `connect.lookup` outside local mode (the gateway's forwarder, the event
 * delivery runtime): the name is resolved (every address), refused when any address is
 * (`targetAddressRefusal`, as the health probe), else the connection is pinned to the checked
 * addresses (`pinnedLookup`). Runs per new connection only: pooled keep-alive connections are
 * reused without a lookup. IP literals never reach a lookup: the caller checks them itself.
 * `refusal` is `targetAddressRefusal` except in tests.
 */
export function checkedLookup(
  timeoutMs: number,
  refusal: (address: string) => string | null = targetAddressRefusal,
): LookupFunction {
  return ((hostname: string, options: object, callback: (...args: unknown[]) => void) => {
    resolveHostAddresses(hostname, AbortSignal.timeout(timeoutMs)).then(
      (addresses) => {
        const [first, ...rest] = addresses;
        if (first === undefined) {
          callback(Object.assign(new Error(`host not found: ${hostname}`), { code: 'ENOTFOUND' }));
          return;
        }
        for (const { address } of addresses) {
          const why = refusal(address);
          if (why !== null) {
            callback(new AddressNotAllowedError(`address not allowed (${why})`));
            return;
          }
        }
        pinnedLookup([first, ...rest])(hostname, options, callback);
      },
      (error: unknown) => callback(error),
    );
  }) as LookupFunction;
}
