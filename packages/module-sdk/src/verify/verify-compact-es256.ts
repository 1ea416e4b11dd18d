import { KeyObject } from 'node:crypto';
import type { JWSHeaderParameters } from 'jose';
import { verifyEs256 } from './es256-signature';
import { ShellTokenError } from './shell-token-error';

/** A JWS's key for its protected header (jose's `createRemoteJWKSet`: kid, alg, refetch). */
export type KeyForHeader = (header: JWSHeaderParameters) => Promise<CryptoKey>;

export interface ClaimsCheck {
  audience: string;
  issuer?: string;
  /** Seconds of clock skew accepted on `nbf` and `exp`. */
  clockTolerance: number;
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

const invalid = (message: string, cause?: unknown) =>
  new ShellTokenError('TOKEN_INVALID', message, cause === undefined ? undefined : { cause });

function jsonObject(segment: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(Buffer.from(segment, 'base64url')));
  } catch (cause) {
    throw invalid(`${what} is not JSON`, cause);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** `typ` as jose compares it: case-insensitive, `JWT` same as `application/jwt`. */
const normalizedTyp = (typ: string) =>
  typ.includes('/') ? typ.toLowerCase() : `application/${typ.toLowerCase()}`;

/**
 * The payload of a compact ES256 JWT, with the checks jose's `jwtVerify` made for this SDK
 * (`algorithms: ['ES256']`, `typ: 'JWT'`, `audience`, `issuer`, `clockTolerance`) in jose's
 * order and with its outcomes (signature first; then `typ`, `iss`, `aud` (missing or another
 * module: `TOKEN_AUDIENCE`), `nbf`, `exp` (`TOKEN_EXPIRED`)), but the signature checked
 * synchronously with node:crypto on the key's `KeyObject` (made once per key): about half of
 * jose's WebCrypto verify in CPU, per request in every module. Stricter than jose where it
 * costs nothing: base64url segments without padding or whitespace, no `crit` header at all.
 */
export function createCompactEs256Verifier(keyFor: KeyForHeader, check: ClaimsCheck) {
  const keyObjects = new WeakMap<CryptoKey, KeyObject>();
  const keyObjectOf = (key: CryptoKey) => {
    let found = keyObjects.get(key);
    if (found === undefined) {
      found = KeyObject.from(key);
      keyObjects.set(key, found);
    }
    return found;
  };

  return async (token: string): Promise<Record<string, unknown>> => {
    const parts = token.split('.');
    const [header64 = '', payload64 = '', signature64 = ''] = parts;
    if (parts.length !== 3 || !parts.every((part) => SEGMENT.test(part))) {
      throw invalid('not a compact JWS');
    }
    const header = jsonObject(header64, 'the protected header');
    if (header.alg !== 'ES256') throw invalid('algorithm not allowed');
    if (header.crit !== undefined) throw invalid('critical header parameters are not supported');
    let key: CryptoKey;
    try {
      key = await keyFor(header);
    } catch (cause) {
      throw invalid('no key of the shell matches', cause);
    }
    const signature = Buffer.from(signature64, 'base64url');
    if (!verifyEs256(keyObjectOf(key), `${header64}.${payload64}`, signature)) {
      throw invalid('signature verification failed');
    }
    const claims = jsonObject(payload64, 'the claims set');
    if (typeof header.typ !== 'string' || normalizedTyp(header.typ) !== 'application/jwt') {
      throw invalid('unexpected typ');
    }
    if (check.issuer !== undefined && claims.iss !== check.issuer) throw invalid('unexpected iss');
    const { aud } = claims;
    const audienceMatches =
      typeof aud === 'string'
        ? aud === check.audience
        : Array.isArray(aud) && aud.includes(check.audience);
    if (!audienceMatches) {
      throw new ShellTokenError('TOKEN_AUDIENCE', 'token is for another module');
    }
    const now = Math.floor(Date.now() / 1000);
    for (const claim of ['iat', 'nbf', 'exp'] as const) {
      if (claims[claim] !== undefined && typeof claims[claim] !== 'number') {
        throw invalid(`${claim} is not a number`);
      }
    }
    if (typeof claims.nbf === 'number' && claims.nbf > now + check.clockTolerance) {
      throw invalid('token not valid yet');
    }
    if (typeof claims.exp === 'number' && claims.exp <= now - check.clockTolerance) {
      throw new ShellTokenError('TOKEN_EXPIRED', 'token expired');
    }
    return claims;
  };
}
