import { createHash, generateKeyPairSync } from 'node:crypto';

/** A private EC P-256 JWK as GATEWAY_SIGNING_KEYS holds it: `kid` set, `d` present. */
export interface PrivateSigningJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  d: string;
  kid: string;
}

/**
 * The RFC 7638 thumbprint of an EC public key (SHA-256 of `{"crv","kty","x","y"}` in that
 * order, base64url): the `kid` of every key this package generates.
 */
export function ecThumbprint(jwk: { crv: string; kty: string; x: string; y: string }): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash('sha256').update(canonical).digest('base64url');
}

/**
 * A new private signing key (ES256, P-256) as a JWK with `kid` (its RFC 7638 thumbprint).
 * Synchronous: the platform's startup and `keys:rotate` call it.
 */
export function newSigningKey(): PrivateSigningJwk {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' });
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.x || !jwk.y || !jwk.d) {
    throw new Error('generated key is not an EC P-256 private key');
  }
  const key = { kty: 'EC' as const, crv: 'P-256' as const, x: jwk.x, y: jwk.y, d: jwk.d };
  return { ...key, kid: ecThumbprint(key) };
}
