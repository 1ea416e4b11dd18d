import { connectionNamed, HOP_BY_HOP_HEADERS } from './hop-by-hop';

/** A module's answer headers as undici's `request` gives them. */
export type UpstreamHeaders = Record<string, string | string[] | undefined>;

/**
 * The headers of a module's answer as the client gets them: everything (content-type, its own
 * error JSON's headers, caching, ...) except the hop-by-hop headers and those its `Connection`
 * names, `set-cookie` (a module never sets cookies on the shell's origin) and `x-shell-*`.
 */
export function forwardResponseHeaders(upstream: Headers | UpstreamHeaders): Headers {
  const entries: Iterable<[string, string | string[] | undefined]> =
    upstream instanceof Headers ? upstream : Object.entries(upstream);
  const connection = upstream instanceof Headers ? upstream.get('connection') : upstream.connection;
  const named = connectionNamed(Array.isArray(connection) ? connection.join(',') : connection);
  const out = new Headers();
  for (const [rawName, value] of entries) {
    const name = rawName.toLowerCase();
    if (value === undefined || HOP_BY_HOP_HEADERS.has(name) || named.has(name)) continue;
    if (name === 'set-cookie' || name.startsWith('x-shell-')) continue;
    for (const one of Array.isArray(value) ? value : [value]) out.append(name, one);
  }
  return out;
}
