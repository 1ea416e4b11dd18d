import type { LookupFunction } from 'node:net';
import type { PinnedAddress } from './resolve-host-addresses';

/**
 * A `lookup` for net/tls.connect (an undici `Agent`'s `connect.lookup`) that answers the
 * checked addresses whatever the name, so the connection goes where the address check looked:
 * all of them when asked for all (Node's happy eyeballs then tries them in order), else the
 * first. TLS still verifies the certificate against the URL's host name.
 */
export function pinnedLookup(pinned: readonly [PinnedAddress, ...PinnedAddress[]]): LookupFunction {
  return ((
    _hostname: string,
    options: { all?: boolean },
    callback: (...args: unknown[]) => void,
  ) => {
    if (options.all)
      callback(
        null,
        pinned.map(({ address, family }) => ({ address, family })),
      );
    else callback(null, pinned[0].address, pinned[0].family);
  }) as LookupFunction;
}
