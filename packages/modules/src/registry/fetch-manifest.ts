import ipaddr from 'ipaddr.js';
import { Agent, request } from 'undici';
import { pinnedLookup } from '../network/pinned-lookup';
import { resolveHostAddresses, type PinnedAddress } from '../network/resolve-host-addresses';
import { isPublicAddress } from './is-public-address';

/** The limits of a `package_uri` fetch (docs/modules.md "Registry"). */
export const PACKAGE_URI_LIMITS = {
  /** For the whole fetch: every lookup, connection, redirect and the body. */
  timeoutMs: 5000,
  maxBytes: 256 * 1024,
  maxRedirects: 3,
} as const;

/** Why a `package_uri` gave no manifest: the finding code the import reports. */
export type PackageUriProblem =
  | 'PACKAGE_URI_UNREACHABLE'
  | 'PACKAGE_URI_FORBIDDEN'
  | 'PACKAGE_URI_TOO_LARGE'
  | 'PACKAGE_URI_NOT_JSON';

export type FetchManifestResult =
  | { ok: true; manifest: unknown; url: string }
  | { ok: false; code: PackageUriProblem; message: string };

/**
 * How the platform fetches: built from its configuration only (`allowPrivate: config.isLocal`
 * in the import route), never from a request.
 */
export interface FetchManifestOptions {
  /**
   * Local mode only (PLATFORM_ENV=local): loopback and private addresses are allowed, so a
   * module running on the developer's machine can be imported by URL.
   */
  allowPrivate: boolean;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
}

/**
 * For tests only: replaces `isPublicAddress` as the check of every resolved address when
 * `allowPrivate` is false. On a machine that only has loopback, it is the least bad way to
 * prove that a redirect to a refused address is refused: the stand-in package host on
 * 127.0.0.1 is admitted as if it were public while 127.0.0.2 stays refused (`allowPrivate`
 * would admit both). Deliberately not part of `FetchManifestOptions`: `importModule` (and so
 * `POST /modules/import`, whose body is a strict `{ manifest } | { package_uri }` with
 * `draft?`) never passes it and has no way to, so no request can widen the address check.
 */
export interface FetchManifestTestHooks {
  isAllowedAddress: (address: string) => boolean;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** JSON media types (application/json, application/<x>+json) and text/plain (raw file hosts). */
const JSON_TYPE = /^(application\/(?:[\w.-]+\+)?json|text\/plain)\s*(?:;|$)/i;

class Refusal extends Error {
  constructor(
    readonly code: PackageUriProblem,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Fetches the JSON manifest at `uri` for `POST /modules/import {package_uri}`: http(s) only, no
 * credentials in the URL; every host is resolved first and, outside local mode, refused unless
 * every address it resolves to is public (`isPublicAddress`); the connection then goes to the
 * addresses that were checked (`pinnedLookup`, so a second DNS answer cannot swap in a
 * private one). Redirects are followed by hand, at most `maxRedirects`, each target checked
 * the same way. The whole fetch has `timeoutMs`; the body is read up to `maxBytes` and must be
 * JSON. Never throws: a failure is a `PackageUriProblem` with a message saying what was seen.
 * `testHooks` is for tests only (`FetchManifestTestHooks`); production code never passes it.
 */
export async function fetchManifest(
  uri: string,
  options: FetchManifestOptions,
  testHooks?: FetchManifestTestHooks,
): Promise<FetchManifestResult> {
  const timeoutMs = options.timeoutMs ?? PACKAGE_URI_LIMITS.timeoutMs;
  const deadline = AbortSignal.timeout(timeoutMs);
  try {
    let url = parseTarget(uri);
    for (let hop = 0; ; hop += 1) {
      const addresses = await checkHost(url, addressPolicy(options, testHooks), deadline);
      const answer = await fetchOnce(url, addresses, options, deadline);
      if (answer.kind === 'manifest') return { ok: true, manifest: answer.manifest, url: url.href };
      if (hop >= (options.maxRedirects ?? PACKAGE_URI_LIMITS.maxRedirects)) {
        throw new Refusal('PACKAGE_URI_UNREACHABLE', `more than ${hop} redirects`);
      }
      url = parseTarget(answer.location, url);
    }
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, code: error.code, message: error.message };
    if (deadline.aborted) {
      return {
        ok: false,
        code: 'PACKAGE_URI_UNREACHABLE',
        message: `no answer within ${timeoutMs} ms`,
      };
    }
    return { ok: false, code: 'PACKAGE_URI_UNREACHABLE', message: describeNetworkError(error) };
  }
}

function parseTarget(value: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    throw new Refusal('PACKAGE_URI_FORBIDDEN', 'not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Refusal(
      'PACKAGE_URI_FORBIDDEN',
      `${url.protocol} URLs are not fetched (http or https only)`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new Refusal('PACKAGE_URI_FORBIDDEN', 'the URL carries credentials');
  }
  return url;
}

function addressPolicy(
  options: FetchManifestOptions,
  testHooks: FetchManifestTestHooks | undefined,
): (address: string) => boolean {
  if (options.allowPrivate) return () => true;
  return testHooks?.isAllowedAddress ?? isPublicAddress;
}

/** The addresses to connect to for `url`'s host, after checking every one of them. */
async function checkHost(
  url: URL,
  allowed: (address: string) => boolean,
  deadline: AbortSignal,
): Promise<[PinnedAddress, ...PinnedAddress[]]> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const addresses = await resolveHostAddresses(host, deadline);
  const [first, ...rest] = addresses;
  if (first === undefined) {
    throw new Refusal('PACKAGE_URI_UNREACHABLE', `the host ${host} does not resolve`);
  }
  const refused = addresses.find((candidate) => !allowed(candidate.address));
  if (refused) {
    const range = ipaddr.isValid(refused.address)
      ? ipaddr.process(refused.address).range()
      : 'invalid';
    throw new Refusal(
      'PACKAGE_URI_FORBIDDEN',
      `the host ${host} resolves to a non-public address (${range}); only public addresses are fetched`,
    );
  }
  return [first, ...rest];
}

type OneAnswer = { kind: 'manifest'; manifest: unknown } | { kind: 'redirect'; location: string };

async function fetchOnce(
  url: URL,
  pinned: [PinnedAddress, ...PinnedAddress[]],
  options: FetchManifestOptions,
  deadline: AbortSignal,
): Promise<OneAnswer> {
  const maxBytes = options.maxBytes ?? PACKAGE_URI_LIMITS.maxBytes;
  const agent = new Agent({ connect: { lookup: pinnedLookup(pinned) }, pipelining: 0 });
  try {
    const response = await request(url, {
      dispatcher: agent,
      method: 'GET',
      headers: { accept: 'application/json' },
      signal: deadline,
    });
    // Destroying the body early (too large, not JSON) emits an abort error nobody waits for.
    response.body.on('error', () => undefined);
    const header = (name: string) => {
      const value = response.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    if (REDIRECTS.has(response.statusCode)) {
      await response.body.dump();
      const location = header('location');
      if (!location) {
        throw new Refusal(
          'PACKAGE_URI_UNREACHABLE',
          `answered ${response.statusCode} without a Location`,
        );
      }
      return { kind: 'redirect', location };
    }
    if (response.statusCode < 200 || response.statusCode > 299) {
      await response.body.dump();
      throw new Refusal('PACKAGE_URI_UNREACHABLE', `answered HTTP ${response.statusCode}`);
    }
    const declared = Number(header('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      response.body.destroy();
      throw new Refusal('PACKAGE_URI_TOO_LARGE', `${declared} bytes; at most ${maxBytes} are read`);
    }
    const type = header('content-type');
    if (type !== undefined && !JSON_TYPE.test(type)) {
      response.body.destroy();
      throw new Refusal('PACKAGE_URI_NOT_JSON', `content-type ${type.slice(0, 100)}, not JSON`);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) {
        response.body.destroy();
        throw new Refusal('PACKAGE_URI_TOO_LARGE', `more than ${maxBytes} bytes`);
      }
      chunks.push(chunk);
    }
    try {
      return { kind: 'manifest', manifest: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
    } catch {
      throw new Refusal('PACKAGE_URI_NOT_JSON', 'the body is not valid JSON');
    }
  } finally {
    await agent.destroy();
  }
}

function describeNetworkError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ECONNREFUSED') return 'the connection was refused';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'the connection was closed';
  if (
    (typeof code === 'string' && code.startsWith('ERR_TLS')) ||
    code === 'DEPTH_ZERO_SELF_SIGNED_CERT'
  ) {
    return 'the TLS certificate was not accepted';
  }
  return typeof code === 'string' ? `the request failed (${code})` : 'the request failed';
}
