import ipaddr from 'ipaddr.js';

/**
 * The rate-limit key of a client address: `ip:<address>` for IPv4 (IPv4-mapped IPv6 included),
 * `ip:<network>/64` for IPv6, because one subscriber gets a whole /64 and could otherwise
 * take a fresh address for every attempt. Text that is no address is kept as it is.
 */
export function addressLimitKey(ip: string): string {
  if (!ipaddr.isValid(ip)) return `ip:${ip}`;
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return `ip:${address.toString()}`;
  return `ip:${ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/64`).toString()}/64`;
}
