import type { PrivateSigningJwk } from './signing-key';
import { createSigningKeyRing, type SigningKeyRing } from './signing-key-ring';

/**
 * The private keys of `GATEWAY_SIGNING_KEYS` (`{"keys":[...]}`, first = active), checked:
 * each an EC P-256 private JWK with `kid`, no kid twice. Throws an Error saying what is wrong
 * (never echoing key material): the platform refuses to start on it.
 */
export function readSigningKeys(json: string): [PrivateSigningJwk, ...PrivateSigningJwk[]] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error('signing keys: not JSON (expected {"keys":[<private EC P-256 JWK>, ...]})');
  }
  const keys = (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new Error('signing keys: expected {"keys":[...]} with at least one key');
  }
  const seen = new Set<string>();
  const checked = keys.map((key: unknown, index) => {
    const jwk = (key ?? {}) as Record<string, unknown>;
    const text = (name: string) => typeof jwk[name] === 'string' && jwk[name] !== '';
    if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !text('x') || !text('y') || !text('d')) {
      throw new Error(
        `signing keys: key ${index} is not a private EC P-256 JWK (kty, crv, x, y, d)`,
      );
    }
    if (!text('kid')) throw new Error(`signing keys: key ${index} has no kid`);
    const kid = jwk.kid as string;
    if (seen.has(kid)) throw new Error(`signing keys: kid ${kid} is listed twice`);
    seen.add(kid);
    return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, d: jwk.d, kid } as PrivateSigningJwk;
  });
  return checked as [PrivateSigningJwk, ...PrivateSigningJwk[]];
}

/** The ring of `GATEWAY_SIGNING_KEYS` (see `readSigningKeys`); a key that does not import throws. */
export function parseSigningKeys(json: string): SigningKeyRing {
  const keys = readSigningKeys(json);
  try {
    return createSigningKeyRing(keys);
  } catch (error) {
    throw new Error('signing keys: a key does not import as an EC P-256 private key', {
      cause: error,
    });
  }
}
