const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether a request addressed to `host` (a `Host` header, `name[:port]`) named this server: a
 * loopback name (unless `loopback` is false: outside local mode a direct `Host: x.localhost`
 * must not skip host routing) or the host of the public base URL. Binding to loopback keeps other machines
 * out, not other web sites: a page can point its own name at 127.0.0.1 (DNS rebinding) and read
 * what the visitor's browser fetches from it, but its requests still carry its own name.
 */
export function isOwnHost(
  host: string | null | undefined,
  baseUrl: string,
  { loopback = true }: { loopback?: boolean } = {},
): boolean {
  if (!host) return false;
  let hostname: string;
  try {
    hostname = new URL(`http://${host}`).hostname;
  } catch {
    return false;
  }
  return (
    (loopback && (LOOPBACK_HOSTNAMES.has(hostname) || hostname.endsWith('.localhost'))) ||
    hostname === new URL(baseUrl).hostname
  );
}
