import { scrypt, type ScryptOptions } from 'node:crypto';

/** scrypt cost parameters of new hashes (docs/identity.md): about 32 MiB and ~50 ms per hash. */
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
export const SCRYPT_KEY_BYTES = 64;
export const SCRYPT_SALT_BYTES = 16;

/**
 * Upper bounds for parameters read back from a stored string: a tampered or corrupt row must
 * not make one sign-in allocate gigabytes or run for minutes.
 */
const LIMITS = { N: 2 ** 20, r: 32, p: 16 };

/** The parts of a `scrypt$N$r$p$salt$hash` string (salt and hash base64url-decoded). */
export interface ScryptHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

/** Formats a hash as the PHC-like string stored in `user_credentials.password_hash`. */
export function formatScryptHash({ N, r, p, salt, hash }: ScryptHash): string {
  return ['scrypt', N, r, p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const DECIMAL = /^[1-9][0-9]{0,9}$/;

/** Parses a stored string; null when it is not a well-formed scrypt hash within the limits. */
export function parseScryptHash(stored: string): ScryptHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6) return null;
  const [scheme, n, r, p, salt, hash] = parts;
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return null;
  if (![n, r, p].every((value) => DECIMAL.test(value))) return null;
  if (!BASE64URL.test(salt) || !BASE64URL.test(hash)) return null;
  const parsed = {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    salt: Buffer.from(salt, 'base64url'),
    hash: Buffer.from(hash, 'base64url'),
  };
  // N must be a power of two above 1 (scrypt rejects anything else).
  const powerOfTwo = parsed.N > 1 && (parsed.N & (parsed.N - 1)) === 0;
  if (!powerOfTwo || parsed.N > LIMITS.N || parsed.r > LIMITS.r || parsed.p > LIMITS.p) {
    return null;
  }
  // Exactly 64 bytes: scrypt's output for a shorter length is a prefix of the longer one, so
  // accepting any length would let a truncated hash still match.
  if (parsed.hash.length !== SCRYPT_KEY_BYTES || parsed.salt.length < SCRYPT_SALT_BYTES) {
    return null;
  }
  return parsed;
}

/** scrypt as a promise, with `maxmem` sized to the parameters (Node's default is 32 MiB). */
export function deriveScryptKey(
  password: string,
  salt: Buffer,
  keyBytes: number,
  params: { N: number; r: number; p: number },
): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    // scrypt needs 128 * N * r bytes; leave room for its own bookkeeping.
    maxmem: 256 * params.N * params.r,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyBytes, options, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}
