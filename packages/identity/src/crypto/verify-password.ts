import { timingSafeEqual } from 'node:crypto';
import { deriveScryptKey, parseScryptHash } from './scrypt-hash';

/**
 * Whether `password` matches `stored` (a `hashPassword` string). Compares in constant time;
 * a malformed or tampered string never matches (false, not an error), so a corrupt row
 * refuses sign-in instead of failing the request.
 */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  const parsed = parseScryptHash(stored);
  if (!parsed) return false;
  const candidate = await deriveScryptKey(password, parsed.salt, parsed.hash.length, parsed);
  return timingSafeEqual(candidate, parsed.hash);
}
