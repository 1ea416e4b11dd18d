import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretKeyRing } from './key-ring';

/**
 * A secret sealed by envelope encryption (stored as jsonb): the plaintext encrypted with its
 * own random data key (AES-256-GCM, `iv`/`tag`/`ct`), the data key encrypted by the KEK of
 * version `kek` (`dk`/`dk_iv`/`dk_tag`). Base64 throughout.
 */
export interface SealedSecret {
  v: 1;
  kek: number;
  dk: string;
  dk_iv: string;
  dk_tag: string;
  iv: string;
  tag: string;
  ct: string;
}

/** Why a sealed secret did not open (or re-wrap); the message never holds secret material. */
export type SealedSecretErrorReason = 'malformed' | 'unknown_key_version' | 'not_authentic';

/** A sealed secret that cannot be opened: malformed, its KEK not in the ring, or tampered/moved. */
export class SealedSecretError extends Error {
  constructor(
    readonly reason: SealedSecretErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'SealedSecretError';
  }
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

function encrypt(key: Buffer, plaintext: Buffer, aad: string) {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ct };
}

function decrypt(key: Buffer, iv: string, tag: string, ct: string, aad: string): Buffer {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]);
  } catch {
    throw new SealedSecretError(
      'not_authentic',
      'sealed secret: does not open (tampered, or sealed for another row)',
    );
  }
}

// The data key's own associated data binds it to its KEK version and to the row: a wrapped
// data key copied into another row's envelope does not unwrap there either.
const wrapAad = (version: number, aad: string) => `aiconnected-dk/v1/kek:${version}/${aad}`;

function checkShape(sealed: SealedSecret): void {
  const text = (value: unknown) => typeof value === 'string' && value.length > 0;
  const ok =
    typeof sealed === 'object' &&
    sealed !== null &&
    sealed.v === 1 &&
    Number.isInteger(sealed.kek) &&
    [sealed.dk, sealed.dk_iv, sealed.dk_tag, sealed.iv, sealed.tag, sealed.ct].every(text);
  if (!ok) throw new SealedSecretError('malformed', 'sealed secret: not a v1 envelope');
}

function unwrapDataKey(ring: SecretKeyRing, sealed: SealedSecret, aad: string): Buffer {
  checkShape(sealed);
  const kek = ring.key(sealed.kek);
  if (kek === undefined) {
    throw new SealedSecretError(
      'unknown_key_version',
      `sealed secret: key version ${sealed.kek} is not in SHELL_SECRET_KEYS`,
    );
  }
  const dataKey = decrypt(kek, sealed.dk_iv, sealed.dk_tag, sealed.dk, wrapAad(sealed.kek, aad));
  if (dataKey.length !== KEY_BYTES) {
    throw new SealedSecretError('malformed', 'sealed secret: data key of the wrong length');
  }
  return dataKey;
}

function wrapDataKey(ring: SecretKeyRing, dataKey: Buffer, aad: string) {
  const version = ring.currentVersion;
  const kek = ring.key(version);
  if (kek === undefined) throw new Error('secret keys: the current version has no key');
  const wrapped = encrypt(kek, dataKey, wrapAad(version, aad));
  return {
    kek: version,
    dk: wrapped.ct.toString('base64'),
    dk_iv: wrapped.iv,
    dk_tag: wrapped.tag,
  };
}

/**
 * Seals `plaintext` for the row `aad` names (e.g. `module_installation_credentials:<id>:
 * <installation_id>`): a new data key, wrapped by the ring's current KEK. Opening needs the
 * same `aad`, so the envelope cannot be moved to another row or tenant.
 */
export function sealSecret(ring: SecretKeyRing, plaintext: string, aad: string): SealedSecret {
  const dataKey = randomBytes(KEY_BYTES);
  const content = encrypt(dataKey, Buffer.from(plaintext, 'utf8'), aad);
  return {
    v: 1,
    ...wrapDataKey(ring, dataKey, aad),
    iv: content.iv,
    tag: content.tag,
    ct: content.ct.toString('base64'),
  };
}

/**
 * The plaintext of `sealed`, sealed for `aad`. Throws `SealedSecretError` when its KEK version
 * is not in the ring, or it was tampered with or sealed for another row.
 */
export function openSecret(ring: SecretKeyRing, sealed: SealedSecret, aad: string): string {
  const dataKey = unwrapDataKey(ring, sealed, aad);
  return decrypt(dataKey, sealed.iv, sealed.tag, sealed.ct, aad).toString('utf8');
}

/**
 * `sealed` with its data key re-wrapped by the ring's current KEK (the content is untouched
 * and keeps its data key); already current: returned as is. The data key is authenticated
 * first, so a tampered or moved envelope throws instead of being re-wrapped.
 */
export function rewrapSecret(ring: SecretKeyRing, sealed: SealedSecret, aad: string): SealedSecret {
  const dataKey = unwrapDataKey(ring, sealed, aad);
  // Proves the content belongs to this data key and row before the envelope is rewritten.
  decrypt(dataKey, sealed.iv, sealed.tag, sealed.ct, aad);
  if (sealed.kek === ring.currentVersion) return sealed;
  return { ...sealed, ...wrapDataKey(ring, dataKey, aad) };
}
