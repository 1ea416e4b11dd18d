/**
 * A stand-in origin to resolve `next` against. Any fixed origin works: only whether the
 * result stays on it matters, and `.invalid` can never be a real host (RFC 2606).
 */
const BASE = new URL('https://next.invalid');

/**
 * The `next` parameter of a sign-in or selector link as a path on this site, else null. It
 * is resolved as a browser would (the URL parser drops tabs and newlines, reads `\` as `/`,
 * maps full-width characters in a host), so `/\t/evil.example`, `/\evil.example` or
 * `//evil.example` land on another origin and are dropped. What is kept is the parser's
 * serialisation (printable ASCII, percent-encoded), never a path starting with `//`, and
 * never the API: a crafted link cannot send a person to another site after they sign in.
 */
export function safeNextPath(value: string | string[] | null | undefined): string | null {
  if (typeof value !== 'string' || !value.startsWith('/')) return null;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE.origin) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // A path of `//host` (e.g. from `/.//host`) would be read as another origin when sent back.
  if (path.startsWith('//') || url.pathname === '/api' || url.pathname.startsWith('/api/')) {
    return null;
  }
  return path;
}
