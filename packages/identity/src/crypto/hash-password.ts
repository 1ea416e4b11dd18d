import { randomBytes } from 'node:crypto';
import {
  deriveScryptKey,
  formatScryptHash,
  SCRYPT_KEY_BYTES,
  SCRYPT_PARAMS,
  SCRYPT_SALT_BYTES,
} from './scrypt-hash';

/**
 * Hashes a password with scrypt (N=2^15, r=8, p=1, 16-byte random salt, 64-byte key) and
 * returns the string to store: `scrypt$N$r$p$salt$hash` (base64url). The parameters travel
 * with the hash, so raising them later leaves existing hashes verifiable.
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SCRYPT_SALT_BYTES);
  const hash = await deriveScryptKey(password, salt, SCRYPT_KEY_BYTES, SCRYPT_PARAMS);
  return formatScryptHash({ ...SCRYPT_PARAMS, salt, hash });
}
