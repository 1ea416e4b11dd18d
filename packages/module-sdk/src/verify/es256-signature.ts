import { verify, type KeyObject } from 'node:crypto';

/** Bytes of each of r and s in an ES256 (P-256) signature. */
const P256_PART_BYTES = 32;

/** One of r and s as a DER INTEGER: leading zeros dropped, a 0 first when the top bit is set. */
function derInteger(part: Buffer): Buffer {
  let start = 0;
  while (start < part.length - 1 && part[start] === 0) start += 1;
  const value = part.subarray(start);
  const pad = (value[0] ?? 0) >= 0x80 ? 1 : 0;
  const out = Buffer.alloc(2 + pad + value.length);
  out[0] = 0x02;
  out[1] = pad + value.length;
  value.copy(out, 2 + pad);
  return out;
}

/**
 * Whether `signature` (JWS's r||s, RFC 7518 §3.4: 64 bytes) is `key`'s ES256 signature of
 * `signingInput`. The r||s form is converted to DER here: node:crypto's own conversion (`{
 * key, dsaEncoding: 'ieee-p1363' }`) costs about a quarter more than the bare-KeyObject call on
 * Node 24, and jose's WebCrypto verify about twice (a thread-pool job per token).
 */
export function verifyEs256(key: KeyObject, signingInput: string, signature: Buffer): boolean {
  if (signature.length !== 2 * P256_PART_BYTES) return false;
  const r = derInteger(signature.subarray(0, P256_PART_BYTES));
  const s = derInteger(signature.subarray(P256_PART_BYTES));
  // Both INTEGERs are at most 35 bytes: the SEQUENCE's length fits in one byte.
  const der = Buffer.concat([Buffer.from([0x30, r.length + s.length]), r, s]);
  return verify('sha256', Buffer.from(signingInput, 'latin1'), key, der);
}
