/**
 * The host name of a request's `Host` header (`name[:port]`, IPv6 in brackets), lower-case
 * without a trailing dot, or null when it is not one. Host routing looks names up in this form.
 */
export function normalizeRequestHost(host: string | null | undefined): string | null {
  if (!host || host.length > 300) return null;
  let hostname: string;
  try {
    hostname = new URL(`http://${host}`).hostname;
  } catch {
    return null;
  }
  const name = hostname.replace(/\.$/, '');
  return name === '' ? null : name;
}
