import ipaddr from 'ipaddr.js';

/**
 * Whether an IP address (v4 or v6, as `dns.lookup` or a URL's host gives it) is a public
 * unicast address the shell may fetch from outside local mode. Everything else is refused:
 * loopback, private (RFC 1918), link-local (169.254/16 with the cloud metadata address,
 * fe80::/10), unique-local (fc00::/7), carrier-grade NAT (100.64/10), unspecified, broadcast,
 * multicast, reserved and documentation ranges, and the IPv6 forms that embed an IPv4 address
 * (NAT64, 6to4, Teredo). IPv4-mapped IPv6 (::ffff:a.b.c.d) is judged as its IPv4 address.
 * ipaddr.js names the ranges; only its `unicast` passes.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}
