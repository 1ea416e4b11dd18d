import { describe, expect, it } from 'vitest';
import {
  newSecretKeys,
  openSecret,
  parseSecretKeys,
  retireSecretKey,
  rewrapSecret,
  sealSecret,
  SealedSecretError,
  type SealedSecret,
} from '../src';

const aad = 'module_installation_credentials:11111111-1111-4111-8111-111111111111:i-1';
const otherRow = 'module_installation_credentials:22222222-2222-4222-8222-222222222222:i-2';

function reason(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof SealedSecretError) return error.reason;
    throw error;
  }
  throw new Error('did not throw');
}

// Flips one bit of a base64 field.
function flip(value: string): string {
  const bytes = Buffer.from(value, 'base64');
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  return bytes.toString('base64');
}

describe('secret keys', () => {
  it('makes a first set, then adds versions that become current, keeping the old ones', () => {
    const first = newSecretKeys();
    expect(parseSecretKeys(first)).toMatchObject({ currentVersion: 1 });
    const second = newSecretKeys(first);
    const ring = parseSecretKeys(second);
    expect(ring.currentVersion).toBe(2);
    expect(ring.versions()).toStrictEqual([1, 2]);
    expect(ring.key(1)).toStrictEqual(parseSecretKeys(first).key(1));
    expect(ring.key(2)).toHaveLength(32);
    expect(ring.key(3)).toBeUndefined();
    const retired = parseSecretKeys(retireSecretKey(second, 1));
    expect(retired.versions()).toStrictEqual([2]);
    expect(() => retireSecretKey(second, 2)).toThrow('secret keys: key 2 is the current one');
    expect(() => retireSecretKey(second, 7)).toThrow('secret keys: no key 7 to retire');
  });

  it.each([
    ['not JSON', '{', 'not JSON'],
    ['no keys', '{"current":1,"keys":{}}', 'at least one key'],
    ['keys as a list', '{"current":1,"keys":["a"]}', 'expected {"current"'],
    ['a bad version', '{"current":1,"keys":{"x":"AAAA"}}', 'version "x" is not a positive integer'],
    ['a short key', '{"current":1,"keys":{"1":"AAAA"}}', 'key 1 is not the base64 of 32 bytes'],
    [
      'current missing',
      JSON.stringify({ current: 2, keys: { 1: Buffer.alloc(32, 7).toString('base64') } }),
      '"current" must name one of the versions',
    ],
  ])('refuses %s, without echoing key material', (_name, json, message) => {
    expect(() => parseSecretKeys(json)).toThrow(message);
    try {
      parseSecretKeys(json);
    } catch (error) {
      expect((error as Error).message).not.toContain(Buffer.alloc(32, 7).toString('base64'));
    }
  });
});

describe('sealed secrets', () => {
  const ring = parseSecretKeys(newSecretKeys());

  it('seals with a fresh data key and IV each time and opens with the same associated data', () => {
    const a = sealSecret(ring, 'whsec_plaintext', aad);
    const b = sealSecret(ring, 'whsec_plaintext', aad);
    expect(a).toMatchObject({ v: 1, kek: 1 });
    expect(a.ct).not.toBe(b.ct);
    expect(a.dk).not.toBe(b.dk);
    expect(JSON.stringify(a)).not.toContain('plaintext');
    expect(openSecret(ring, a, aad)).toBe('whsec_plaintext');
    expect(openSecret(ring, b, aad)).toBe('whsec_plaintext');
    // Survives a jsonb round trip (what the database stores).
    expect(openSecret(ring, JSON.parse(JSON.stringify(a)) as SealedSecret, aad)).toBe(
      'whsec_plaintext',
    );
  });

  it('does not open when moved to another row (other associated data)', () => {
    const sealed = sealSecret(ring, 'secret', aad);
    expect(reason(() => openSecret(ring, sealed, otherRow))).toBe('not_authentic');
    // Nor when the other row's data key is swapped in with this content.
    const other = sealSecret(ring, 'secret', otherRow);
    const spliced = { ...sealed, dk: other.dk, dk_iv: other.dk_iv, dk_tag: other.dk_tag };
    expect(reason(() => openSecret(ring, spliced, aad))).toBe('not_authentic');
  });

  it.each(['ct', 'tag', 'iv', 'dk', 'dk_iv', 'dk_tag'] as const)(
    'does not open when %s is tampered with',
    (field) => {
      const sealed = sealSecret(ring, 'secret', aad);
      expect(reason(() => openSecret(ring, { ...sealed, [field]: flip(sealed[field]) }, aad))).toBe(
        'not_authentic',
      );
    },
  );

  it('does not open under a KEK version the ring lacks, nor under another key of that version', () => {
    const sealed = sealSecret(ring, 'secret', aad);
    expect(reason(() => openSecret(ring, { ...sealed, kek: 9 }, aad))).toBe('unknown_key_version');
    const stranger = parseSecretKeys(newSecretKeys());
    expect(reason(() => openSecret(stranger, sealed, aad))).toBe('not_authentic');
    // Relabelling the version is caught too: the version is part of the data key's AAD.
    const two = parseSecretKeys(newSecretKeys(newSecretKeys()));
    const underTwo = sealSecret(two, 'secret', aad);
    expect(reason(() => openSecret(two, { ...underTwo, kek: 1 }, aad))).toBe('not_authentic');
  });

  it('refuses a malformed envelope', () => {
    const sealed = sealSecret(ring, 'secret', aad);
    expect(
      reason(() => openSecret(ring, { ...sealed, v: 2 } as unknown as SealedSecret, aad)),
    ).toBe('malformed');
    expect(reason(() => openSecret(ring, { ...sealed, ct: '' }, aad))).toBe('malformed');
    expect(reason(() => openSecret(ring, null as unknown as SealedSecret, aad))).toBe('malformed');
  });

  it('keeps old rows readable after a rotation and re-wraps them to the current KEK', () => {
    const oldJson = newSecretKeys();
    const oldRing = parseSecretKeys(oldJson);
    const sealed = sealSecret(oldRing, 'rotate me', aad);
    const rotatedJson = newSecretKeys(oldJson);
    const rotated = parseSecretKeys(rotatedJson);
    expect(openSecret(rotated, sealed, aad)).toBe('rotate me');
    expect(sealSecret(rotated, 'new', aad).kek).toBe(2);

    const rewrapped = rewrapSecret(rotated, sealed, aad);
    expect(rewrapped.kek).toBe(2);
    // Only the data key's wrapping changes.
    expect([rewrapped.ct, rewrapped.iv, rewrapped.tag]).toStrictEqual([
      sealed.ct,
      sealed.iv,
      sealed.tag,
    ]);
    expect(rewrapped.dk).not.toBe(sealed.dk);
    expect(rewrapSecret(rotated, rewrapped, aad)).toBe(rewrapped);
    // With version 1 retired, only the re-wrapped envelope opens.
    const retired = parseSecretKeys(retireSecretKey(rotatedJson, 1));
    expect(openSecret(retired, rewrapped, aad)).toBe('rotate me');
    expect(reason(() => openSecret(retired, sealed, aad))).toBe('unknown_key_version');
    // A moved or tampered envelope is not re-wrapped into a valid one.
    expect(reason(() => rewrapSecret(rotated, sealed, otherRow))).toBe('not_authentic');
    expect(reason(() => rewrapSecret(rotated, { ...sealed, ct: flip(sealed.ct) }, aad))).toBe(
      'not_authentic',
    );
  });
});
