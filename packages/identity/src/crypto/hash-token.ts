import { createHash } from 'node:crypto';

/**
 * sha256 (hex) of a token, to look it up by its stored hash. A plain hash suffices: the
 * token is 256 random bits, so unlike a password it cannot be guessed from its hash.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether `value` has the shape `generateToken` produces (43 base64url characters). */
export function isTokenShaped(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}
