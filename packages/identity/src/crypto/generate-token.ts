import { randomBytes } from 'node:crypto';
import { hashToken } from './hash-token';

/** A new secret token and the hash to store in its place. */
export interface GeneratedToken {
  /** 32 random bytes, base64url (43 characters): shown or sent once, never stored. */
  token: string;
  /** sha256 of the token, hex: what `sessions.token_hash` / `auth_tokens.token_hash` hold. */
  hash: string;
}

/** Generates a session or single-use token (32 random bytes) with its sha256 hash. */
export function generateToken(): GeneratedToken {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}
