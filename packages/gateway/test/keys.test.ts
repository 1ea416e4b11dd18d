import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  decodeProtectedHeader,
  jwtVerify,
  SignJWT,
} from 'jose';
import { describe, expect, it } from 'vitest';
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { newSigningKey, parseSigningKeys, rotateSigningKeys } from '../src';
import { p256SignatureFromDer } from '../src/keys/ecdsa-signature';

const verifyAs = { audience: 'crm', issuer: 'https://shell.test' };
const claims = { aud: 'crm', iss: 'https://shell.test', sub: 'u', jti: 'j' };
const timed = () => {
  const now = Math.floor(Date.now() / 1000);
  return { ...claims, iat: now, nbf: now, exp: now + 60 };
};

describe('signing keys', () => {
  it('generates a private P-256 JWK whose kid is its RFC 7638 thumbprint', async () => {
    const key = newSigningKey();
    expect(key).toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(key.d).toEqual(expect.any(String));
    expect(key.kid).toBe(await calculateJwkThumbprint(key, 'sha256'));
  });

  it('parses GATEWAY_SIGNING_KEYS: first active, signs ES256 with kid and typ JWT', async () => {
    const [a, b] = [newSigningKey(), newSigningKey()];
    const ring = parseSigningKeys(JSON.stringify({ keys: [a, b] }));
    expect(ring.activeKid).toBe(a.kid);
    const token = await ring.sign(timed());
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', kid: a.kid, typ: 'JWT' });
    expect(await ring.verify(token, verifyAs)).toMatchObject(claims);
  });

  it('signs JWTs that jose verifies against the published JWKS alone', async () => {
    const ring = parseSigningKeys(JSON.stringify({ keys: [newSigningKey(), newSigningKey()] }));
    const token = await ring.sign(timed());
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(ring.jwks()), {
      algorithms: ['ES256'],
      ...verifyAs,
    });
    expect(protectedHeader).toEqual({ alg: 'ES256', kid: ring.activeKid, typ: 'JWT' });
    expect(payload).toMatchObject(claims);
  });

  it.each([
    ['not JSON', '{', 'not JSON'],
    ['no keys', '{"keys":[]}', 'at least one key'],
    [
      'a public key',
      JSON.stringify({ keys: [{ kty: 'EC', crv: 'P-256', x: 'a', y: 'b', kid: 'k' }] }),
      'not a private EC P-256 JWK',
    ],
    [
      'an RSA key',
      JSON.stringify({ keys: [{ kty: 'RSA', n: 'a', e: 'AQAB', d: 'x', kid: 'k' }] }),
      'not a private EC P-256 JWK',
    ],
    [
      'no kid',
      JSON.stringify({ keys: [{ kty: 'EC', crv: 'P-256', x: 'a', y: 'b', d: 'c' }] }),
      'has no kid',
    ],
  ])('refuses %s with a clear error', (_name, json, message) => {
    expect(() => parseSigningKeys(json)).toThrow(message);
  });

  it('refuses a kid listed twice and key material that does not import', () => {
    const a = newSigningKey();
    expect(() => parseSigningKeys(JSON.stringify({ keys: [a, a] }))).toThrow('listed twice');
    const broken = { ...a, x: a.y };
    expect(() => parseSigningKeys(JSON.stringify({ keys: [broken] }))).toThrow('does not import');
  });

  it('publishes public keys only: no private member d, ever', () => {
    const ring = parseSigningKeys(JSON.stringify({ keys: [newSigningKey(), newSigningKey()] }));
    const jwks = ring.jwks();
    expect(jwks.keys).toHaveLength(2);
    for (const key of jwks.keys) {
      expect(Object.keys(key).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
      expect(key).toMatchObject({ alg: 'ES256', use: 'sig' });
    }
    expect(JSON.stringify(jwks)).not.toMatch(/"d"/);
    // A caller mutating its copy changes nothing published.
    Object.assign(jwks.keys[0] ?? {}, { d: 'leak' });
    expect(JSON.stringify(ring.jwks())).not.toMatch(/"d"/);
  });

  it('rotates with overlap: a token of the old key still verifies, until it is retired', async () => {
    const old = newSigningKey();
    const oldJson = JSON.stringify({ keys: [old] });
    const oldToken = await parseSigningKeys(oldJson).sign(timed());
    const rotated = rotateSigningKeys(oldJson);
    const ring = parseSigningKeys(rotated);
    expect(ring.activeKid).not.toBe(old.kid);
    expect(ring.jwks().keys.map((key) => key.kid)).toEqual([ring.activeKid, old.kid]);
    expect(await ring.verify(oldToken, verifyAs)).toMatchObject(claims);
    const retired = parseSigningKeys(rotateSigningKeys(rotated, { retire: old.kid }));
    expect(retired.jwks().keys.map((key) => key.kid)).not.toContain(old.kid);
    expect(retired.jwks().keys).toHaveLength(2);
    await expect(retired.verify(oldToken, verifyAs)).rejects.toThrow('unknown signing key');
    expect(() => rotateSigningKeys(rotated, { retire: 'nope' })).toThrow('no key nope');
  });

  it('verify refuses alg none, HS256, a wrong audience, an expired token and an unknown kid', async () => {
    const key = newSigningKey();
    const ring = parseSigningKeys(JSON.stringify({ keys: [key] }));
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const none = `${b64({ alg: 'none', typ: 'JWT', kid: key.kid })}.${b64(timed())}.`;
    await expect(ring.verify(none, verifyAs)).rejects.toThrow();
    const hs = await new SignJWT(timed())
      .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'JWT' })
      .sign(new TextEncoder().encode('a shared secret of enough length!!'));
    await expect(ring.verify(hs, verifyAs)).rejects.toThrow();
    const token = await ring.sign(timed());
    await expect(ring.verify(token, { ...verifyAs, audience: 'other' })).rejects.toThrow();
    const now = Math.floor(Date.now() / 1000);
    const expired = await ring.sign({ ...claims, iat: now - 100, nbf: now - 100, exp: now - 11 });
    await expect(ring.verify(expired, verifyAs)).rejects.toThrow();
    // Within the 10 s leeway it still verifies.
    const late = await ring.sign({ ...claims, iat: now - 100, nbf: now - 100, exp: now - 5 });
    await expect(ring.verify(late, verifyAs)).resolves.toMatchObject(claims);
    const other = parseSigningKeys(JSON.stringify({ keys: [newSigningKey()] }));
    await expect(ring.verify(await other.sign(timed()), verifyAs)).rejects.toThrow(
      'unknown signing key',
    );
  });

  it('signs with r and s of every length DER gives (short, with a leading zero) that jose verifies', async () => {
    const ring = parseSigningKeys(JSON.stringify({ keys: [newSigningKey()] }));
    const keys = createLocalJWKSet(ring.jwks());
    // About 1 in 128 signatures has an r or s shorter than 32 bytes, half a leading zero byte.
    const tokens = await Promise.all(
      Array.from({ length: 1500 }, (_, index) => ring.sign({ ...timed(), jti: `j-${index}` })),
    );
    for (const token of tokens) {
      await expect(jwtVerify(token, keys, verifyAs)).resolves.toBeDefined();
    }
  });

  it('converts a DER ECDSA signature to r||s and refuses anything else', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const data = Buffer.from('claims');
    const lengths = new Set<number>();
    for (let index = 0; index < 600; index += 1) {
      const der = sign('sha256', data, privateKey);
      lengths.add(der[3] ?? 0);
      const raw = p256SignatureFromDer(der);
      expect(raw).toHaveLength(64);
      expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw)).toBe(true);
    }
    // r of 33 bytes (leading zero) and of 32 came up; shorter ones are covered by the 1500 above.
    expect(lengths.has(33) && lengths.has(32)).toBe(true);
    const r = Buffer.alloc(31, 7);
    const s = Buffer.concat([Buffer.from([0]), Buffer.alloc(32, 0x80)]);
    const crafted = Buffer.concat([
      Buffer.from([0x30, 2 + 31 + 2 + 33, 0x02, 31]),
      r,
      Buffer.from([0x02, 33]),
      s,
    ]);
    expect(p256SignatureFromDer(crafted)).toStrictEqual(
      Buffer.concat([Buffer.from([0]), r, Buffer.alloc(32, 0x80)]),
    );
    for (const bad of [
      Buffer.from([0x31, 0]),
      crafted.subarray(0, 20),
      Buffer.from([0x30, 3, 0x04, 1, 1]),
    ]) {
      expect(() => p256SignatureFromDer(bad)).toThrow(/DER ECDSA/);
    }
  });
});
