import { connectionNamed } from './hop-by-hop';

/** A module's answer headers as undici's `request` gives them. */
export type UpstreamHeaders = Record<string, string | string[] | undefined>;

/** Where a module's answer came from and where the shell serves it (for `Location`). */
export interface ResponseMount {
  /** The URL the module was asked for (its base URL + the module path and query). */
  requestUrl: string;
  /** The target's base URL (`runtime.target.baseUrl`). */
  baseUrl: string;
  /** Where the module's paths are mounted on the shell: `/api/gateway/<module>`. */
  prefix: string;
}

/**
 * What every gateway answer carries (forwarded or refused): a module's answer is served from
 * the shell's origin, so nothing in it may run, load or be framed there, and its type is
 * never sniffed. The platform sets them over any other value on gateway paths.
 */
export const GATEWAY_SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ['content-security-policy', "default-src 'none'; sandbox; frame-ancestors 'none'"],
  ['x-content-type-options', 'nosniff'],
];

/**
 * A module's answer headers the client may get (docs/modules.md "Gateway"): what describes
 * the body and its caching, plus `www-authenticate`, `retry-after` and `x-*` headers not in
 * `DENIED_X`. Anything else (a module's `content-security-policy`, `access-control-*`,
 * `clear-site-data`, `refresh`, `set-cookie`, `link`, ...) never reaches the shell's origin.
 */
const ALLOWED: ReadonlySet<string> = new Set([
  'accept-ranges',
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'content-length',
  'content-range',
  'content-type',
  'etag',
  'expires',
  'last-modified',
  'location',
  'retry-after',
  'vary',
  'www-authenticate',
]);

/**
 * `x-*` headers a module may not send: the shell's own (`x-shell-*`, `x-correlation-id`,
 * `x-forwarded-*`, `x-real-ip`), the security headers the API sets, and instructions to a
 * server in front (`x-accel-*`, `x-sendfile`, Next.js's `x-middleware-*`).
 */
const DENIED_X =
  /^x-(shell-|forwarded-|accel-|middleware-|nextjs-|correlation-id$|real-ip$|sendfile$|lighttpd-send-file$|frame-options$|content-type-options$|xss-protection$|permitted-cross-domain-policies$|dns-prefetch-control$|download-options$)/;

const allowed = (name: string) =>
  ALLOWED.has(name) || (name.startsWith('x-') && !DENIED_X.test(name));

/**
 * A module's `Location` as the shell serves it: relative, or absolute on the target's base
 * URL, it is rewritten under `mount.prefix` (`/api/gateway/<module>/…`); anywhere else
 * (another origin, outside the base path, unparsable) null: the header is dropped, so the
 * shell's origin never redirects elsewhere for a module.
 */
export function shellLocation(location: string, mount: ResponseMount): string | null {
  let url: URL;
  let base: URL;
  try {
    url = new URL(location, mount.requestUrl);
    base = new URL(mount.baseUrl);
  } catch {
    return null;
  }
  const basePath = base.pathname.replace(/\/+$/, '');
  const path = url.pathname;
  if (url.origin !== base.origin) return null;
  if (path !== basePath && !path.startsWith(`${basePath}/`)) return null;
  return `${mount.prefix}${path.slice(basePath.length) || '/'}${url.search}${url.hash}`;
}

/** An answer's headers as the gateway builds them: lower-case names, one value each. */
export type AnswerHeaders = Record<string, string>;

/**
 * The headers of a module's answer as the client gets them: only the allowlist (so never a
 * hop-by-hop header) minus those its `Connection` names, `Location` rewritten by
 * `shellLocation` or dropped, values of one name joined with `, ` (as `Headers` joins them).
 * Then `GATEWAY_SECURITY_HEADERS`; the API adds its own security headers under the answer's
 * on gateway paths. A plain object: the platform writes it with the answer's head at once.
 */
export function forwardResponseHeaders(
  upstream: Headers | UpstreamHeaders,
  mount: ResponseMount,
): AnswerHeaders {
  const entries: Iterable<[string, string | string[] | undefined]> =
    upstream instanceof Headers ? upstream : Object.entries(upstream);
  const connection = upstream instanceof Headers ? upstream.get('connection') : upstream.connection;
  const named = connectionNamed(Array.isArray(connection) ? connection.join(',') : connection);
  const out: AnswerHeaders = {};
  for (const [rawName, value] of entries) {
    const name = rawName.toLowerCase();
    if (value === undefined || !allowed(name) || named.has(name)) continue;
    for (const one of Array.isArray(value) ? value : [value]) {
      if (name !== 'location') {
        const before = out[name];
        out[name] = before === undefined ? one : `${before}, ${one}`;
        continue;
      }
      const rewritten = shellLocation(one, mount);
      if (rewritten !== null) out[name] = rewritten;
    }
  }
  for (const [name, value] of GATEWAY_SECURITY_HEADERS) out[name] = value;
  return out;
}
