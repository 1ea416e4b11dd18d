import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';
import { p256SignatureFromDer } from './ecdsa-signature';
import type { PrivateSigningJwk } from './signing-key';

/** A public signing key as the JWKS publishes it: no private member. */
export interface PublicSigningJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  kid: string;
  alg: 'ES256';
  use: 'sig';
}

/** What `verify` checks besides the signature (ES256 only, a known `kid`, `typ` JWT). */
export interface RingVerifyOptions {
  audience: string;
  issuer: string;
  /** Seconds of clock skew accepted on `exp`/`nbf`/`iat` (default 10). */
  clockToleranceSeconds?: number;
}

/**
 * The gateway's signing keys (design §4): the first is active (signs), the rest verify only,
 * so tokens signed before a rotation still verify until their key is retired.
 */
export interface SigningKeyRing {
  readonly activeKid: string;
  /** A compact JWS of `payload`, header `{ alg: 'ES256', kid, typ: 'JWT' }`, by the active key. */
  sign(payload: JWTPayload): Promise<string>;
  /** Every key's public half (active first), for `/.well-known/jwks.json`. */
  jwks(): { keys: PublicSigningJwk[] };
  /** The verified payload; rejects (jose's errors) on any other algorithm, kid or claim. */
  verify(token: string, options: RingVerifyOptions): Promise<JWTPayload>;
}

interface RingKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicJwk: PublicSigningJwk;
}

/** The ring of `keys` (at least one; the first active), each imported once. */
export function createSigningKeyRing(
  keys: readonly [PrivateSigningJwk, ...PrivateSigningJwk[]],
): SigningKeyRing {
  const byKid = new Map<string, RingKey>();
  let activeKey: KeyObject | undefined;
  for (const jwk of keys) {
    if (byKid.has(jwk.kid)) throw new Error(`signing key ${jwk.kid} is listed twice`);
    const privateKey = createPrivateKey({ key: { ...jwk }, format: 'jwk' });
    activeKey ??= privateKey;
    byKid.set(jwk.kid, {
      privateKey,
      publicKey: createPublicKey(privateKey),
      // Built member by member: nothing private can slip into the published set.
      publicJwk: {
        kty: 'EC',
        crv: 'P-256',
        x: jwk.x,
        y: jwk.y,
        kid: jwk.kid,
        alg: 'ES256',
        use: 'sig',
      },
    });
  }
  const active = keys[0];
  const signingKey = activeKey as KeyObject;
  // The protected header never changes: encoded once.
  const header = base64url(JSON.stringify({ alg: 'ES256', kid: active.kid, typ: 'JWT' }));
  const published = { keys: [...byKid.values()].map((key) => key.publicJwk) };
  return {
    activeKid: active.kid,
    // A compact JWS (RFC 7515) signed synchronously with node:crypto: ES256 is ECDSA P-256
    // over SHA-256 with the raw r||s signature (converted from DER: p256SignatureFromDer).
    // About a quarter of jose's SignJWT cost on the gateway's hot path; verification (here
    // and in modules) stays jose's.
    sign: (payload) => {
      const input = `${header}.${base64url(JSON.stringify(payload))}`;
      const signature = p256SignatureFromDer(sign('sha256', Buffer.from(input), signingKey));
      return Promise.resolve(`${input}.${signature.toString('base64url')}`);
    },
    jwks: () => ({ keys: published.keys.map((key) => ({ ...key })) }),
    verify: async (token, options) => {
      const verifyOptions: JWTVerifyOptions = {
        algorithms: ['ES256'],
        audience: options.audience,
        issuer: options.issuer,
        typ: 'JWT',
        clockTolerance: options.clockToleranceSeconds ?? 10,
        requiredClaims: ['exp', 'iat', 'nbf', 'jti', 'sub'],
      };
      const { payload } = await jwtVerify(
        token,
        (protectedHeader) => {
          const key =
            protectedHeader.kid === undefined ? undefined : byKid.get(protectedHeader.kid);
          if (key === undefined) throw new Error('unknown signing key');
          return key.publicKey;
        },
        verifyOptions,
      );
      return payload;
    },
  };
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}
