import { connectionNamed, HOP_BY_HOP_HEADERS } from './hop-by-hop';

/**
 * A request's headers: a web `Headers`, or a plain object of lower-case names whose values of
 * one name are joined with `, ` as `Headers` joins them (the platform's Node listener builds it
 * from the raw headers without a `Headers` object).
 */
export type RequestHeaders = Headers | Readonly<Record<string, string>>;

/** What the gateway itself vouches for on a forwarded request (design §1 headers 2.0.0). */
export interface TrustedForwardHeaders {
  /** The `x-shell-claims` JWT (`mintGatewayClaims`). */
  claims: string;
  correlationId: string;
  /** The client's address as the platform resolved it (trusted proxies only). */
  clientAddress: string;
  /** The shell's public host and scheme the client called. */
  host: string;
  proto: 'http' | 'https';
  /** `/api/gateway/<module>`: what the module's paths are mounted under on the shell. */
  prefix: string;
}

/**
 * Headers some frameworks honour to run another method or path than the request line's: the
 * gateway authorised (and bound the claims to) the request line's.
 */
const OVERRIDES: ReadonlySet<string> = new Set([
  'x-http-method-override',
  'x-http-method',
  'x-method-override',
  'x-original-method',
  'x-original-url',
  'x-rewrite-url',
]);

/**
 * Whether a client header may never reach a module (identity, credentials, routing). Any name
 * with `_` too (as nginx drops them by default): CGI-style servers (PHP, WSGI, Rack) read
 * `x_shell_claims` and `x-shell-claims` as the same `HTTP_X_SHELL_CLAIMS`.
 */
function isForbidden(name: string): boolean {
  return (
    name.includes('_') ||
    OVERRIDES.has(name) ||
    name === 'x-correlation-id' ||
    name.startsWith('x-shell-') ||
    name.startsWith('x-forwarded-') ||
    name === 'forwarded' ||
    name === 'x-real-ip' ||
    name === 'cookie' ||
    name === 'authorization' ||
    name === 'host'
  );
}

/**
 * The headers of a forwarded request (docs/modules.md "Gateway"), in this order: (1) drop the
 * hop-by-hop headers and every header the client's `Connection` names; (2) drop every
 * `x-shell-*`, `x-forwarded-*`, `forwarded`, `x-real-ip`, `cookie`, `authorization`, `host`
 * (a module learns who calls only from the claims), the client's `x-correlation-id` (the
 * shell's is `x-shell-correlation-id`) and the method/path overrides
 * (`x-http-method-override`, `x-http-method`, `x-method-override`, `x-original-method`,
 * `x-original-url`, `x-rewrite-url`), and every name with `_`; (3) add the trusted headers last.
 * `content-length` stays: the body is passed on as it came (counted, not re-chunked).
 */
export function forwardRequestHeaders(
  incoming: RequestHeaders,
  trusted: TrustedForwardHeaders,
): Record<string, string> {
  // Not `instanceof`: the platform's Node adapter answers a Headers look-alike.
  const headers = typeof incoming.get === 'function' ? (incoming as Headers) : null;
  const plain = incoming as Readonly<Record<string, string>>;
  const named = connectionNamed(headers === null ? plain.connection : headers.get('connection'));
  // A plain object, lower-case names (Headers iterates them so, values of one name joined):
  // undici sends it with about half the work of a Headers object.
  const out: Record<string, string> = {};
  for (const [name, value] of headers ?? Object.entries(plain)) {
    if (HOP_BY_HOP_HEADERS.has(name) || named.has(name) || isForbidden(name)) continue;
    out[name] = value;
  }
  out['x-shell-claims'] = trusted.claims;
  out['x-shell-correlation-id'] = trusted.correlationId;
  out['x-forwarded-for'] = trusted.clientAddress;
  out['x-forwarded-host'] = trusted.host;
  out['x-forwarded-proto'] = trusted.proto;
  out['x-forwarded-prefix'] = trusted.prefix;
  return out;
}
