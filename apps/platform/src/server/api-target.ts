/** A `.` or `..` path segment, also percent-encoded or between backslashes (URL parsers resolve them all). */
const DOT_SEGMENT = /(?:^|[/\\])(?:\.|%2e){1,2}(?:[/\\]|$)/i;

/** The shell's public signing keys (the gateway's JWKS): served by the API app, at the root. */
export const JWKS_PATH = '/.well-known/jwks.json';

/**
 * Whether the API answers a request target (its raw form, before any normalising): `/api`,
 * `/api/...`, `/api?...`, `/.well-known/jwks.json` (module services fetch the shell's public
 * keys there), and any path with dot segments. Resolved, `/api/../etc/passwd` lies
 * outside `/api`; answered by the API it still gets the NOT_FOUND envelope with a correlation
 * id, the security headers and no-store, instead of whatever a page would make of it.
 */
export function isApiPath(target: string): boolean {
  if (/^\/api(?:[/?]|$)/.test(target)) return true;
  const path = target.split(/[?#]/, 1)[0] ?? '';
  if (path === JWKS_PATH) return true;
  return DOT_SEGMENT.test(path);
}
