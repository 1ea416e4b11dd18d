import ipaddr from 'ipaddr.js';

/** Cloud metadata services outside 169.254.0.0/16 (which is refused as link-local anyway). */
const METADATA_ADDRESSES = new Set([
  // AWS EC2 (IPv6 instance metadata).
  'fd00:ec2::254',
  // Alibaba Cloud (inside 100.64/10, otherwise allowed: overlay networks use it).
  '100.100.100.200',
]);

/** ipaddr.js ranges a module target may not be at, and how a health check names them. */
const REFUSED_RANGES: Record<string, string> = {
  linkLocal: 'link-local',
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  // IPv6 forms carrying an IPv4 address (NAT64, SIIT, 6to4, Teredo): a target on a private
  // network needs none of them, and they could carry a link-local one.
  rfc6052: 'IPv4 embedded in IPv6',
  rfc6145: 'IPv4 embedded in IPv6',
  '6to4': 'IPv4 embedded in IPv6',
  teredo: 'IPv4 embedded in IPv6',
};

/**
 * Why a module target's health check may not connect to `address` outside local mode, in
 * words (`link-local`, `cloud metadata`, ...), or null when it may. Refused: link-local
 * (169.254.0.0/16 with the cloud metadata address, fe80::/10), the metadata addresses
 * elsewhere (fd00:ec2::254, 100.100.100.200), unspecified, broadcast, multicast and the IPv6
 * forms embedding an IPv4 address. Allowed: public, private (10/8, 172.16/12, 192.168/16,
 * fc00::/7), carrier-grade NAT and loopback, since a module's service runs on the platform's
 * private network or beside the shell. IPv4-mapped IPv6 is judged as its IPv4 address.
 */
export function targetAddressRefusal(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  const parsed = ipaddr.process(address);
  // toString() is the compact canonical form (fd00:0ec2:0:0:0:0:0:254 -> fd00:ec2::254).
  if (METADATA_ADDRESSES.has(parsed.toString())) return 'cloud metadata';
  return REFUSED_RANGES[parsed.range()] ?? null;
}
