/**
 * Headers that belong to one connection, never forwarded either way (RFC 9110 §7.6.1), plus
 * `expect` (the gateway answers for itself; undici refuses to send it).
 */
export const HOP_BY_HOP_HEADERS: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
]);

/** The header names a `Connection` value lists (lower case), which are hop-by-hop too. */
export function connectionNamed(connection: string | null | undefined): Set<string> {
  const named = new Set<string>();
  if (!connection) return named;
  for (const name of connection.split(',')) {
    const trimmed = name.trim().toLowerCase();
    if (trimmed !== '') named.add(trimmed);
  }
  return named;
}
