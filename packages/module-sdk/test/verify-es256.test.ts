import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyEs256 } from '../src/verify/es256-signature';
import { ShellTokenError } from '../src/verify';
import { createCompactEs256Verifier } from '../src/verify/verify-compact-es256';

describe('verifyEs256 (r||s converted to DER for node:crypto)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  it('agrees with node:crypto ieee-p1363 on 2000 signatures (short r/s, high bits) and refuses tampered ones', () => {
    let shortParts = 0;
    let highBits = 0;
    for (let index = 0; index < 2000; index += 1) {
      const input = `header.payload-${index}`;
      const raw = sign('sha256', Buffer.from(input), {
        key: privateKey,
        dsaEncoding: 'ieee-p1363',
      });
      if (raw[0] === 0 || raw[32] === 0) shortParts += 1;
      if ((raw[0] ?? 0) >= 0x80 || (raw[32] ?? 0) >= 0x80) highBits += 1;
      expect(verifyEs256(publicKey, input, raw)).toBe(true);
      const tampered = Buffer.from(raw);
      tampered[index % 64] = (tampered[index % 64] ?? 0) ^ 1;
      const reference = verify(
        'sha256',
        Buffer.from(input),
        { key: publicKey, dsaEncoding: 'ieee-p1363' },
        tampered,
      );
      expect(verifyEs256(publicKey, input, tampered)).toBe(reference);
      expect(verifyEs256(publicKey, `${input}x`, raw)).toBe(false);
    }
    // The cases the conversion has to get right did occur.
    expect(shortParts).toBeGreaterThan(0);
    expect(highBits).toBeGreaterThan(0);
  });

  it('refuses a signature that is not 64 bytes, r or s zero, or another key', () => {
    const raw = sign('sha256', Buffer.from('a.b'), { key: privateKey, dsaEncoding: 'ieee-p1363' });
    expect(verifyEs256(publicKey, 'a.b', raw.subarray(0, 63))).toBe(false);
    expect(verifyEs256(publicKey, 'a.b', Buffer.concat([raw, Buffer.from([0])]))).toBe(false);
    expect(verifyEs256(publicKey, 'a.b', Buffer.alloc(64))).toBe(false);
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    expect(verifyEs256(other, 'a.b', raw)).toBe(false);
  });
});

describe('createCompactEs256Verifier', () => {
  let privateKey: CryptoKey;
  let publicKey: CryptoKey;
  const now = () => Math.floor(Date.now() / 1000);
  const check = { audience: 'hello', issuer: 'https://shell.test', clockTolerance: 10 };
  let verifyCompact: (token: string) => Promise<Record<string, unknown>>;
  const claims = (over: JWTPayload = {}): JWTPayload => ({
    iss: 'https://shell.test',
    aud: 'hello',
    iat: now(),
    nbf: now(),
    exp: now() + 60,
    ...over,
  });
  const signed = (payload: JWTPayload, header: Record<string, unknown> = {}) =>
    new SignJWT(payload)
      .setProtectedHeader({ alg: 'ES256', kid: 'k', typ: 'JWT', ...header })
      .sign(privateKey);
  const code = async (token: string) => {
    const error = await verifyCompact(token).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ShellTokenError);
    return (error as ShellTokenError).code;
  };

  beforeAll(async () => {
    ({ privateKey, publicKey } = await generateKeyPair('ES256'));
    // The JWKS stand-in: the key for kid 'k', as createRemoteJWKSet answers (else it throws).
    verifyCompact = createCompactEs256Verifier(
      (header) =>
        header.kid === 'k'
          ? Promise.resolve(publicKey)
          : Promise.reject(new Error('no matching key')),
      check,
    );
    expect((await exportJWK(publicKey)).crv).toBe('P-256');
  });

  it('accepts typ as jose does (JWT in any case, application/jwt) and an audience list', async () => {
    await expect(verifyCompact(await signed(claims()))).resolves.toMatchObject({ aud: 'hello' });
    await expect(verifyCompact(await signed(claims(), { typ: 'jwt' }))).resolves.toBeDefined();
    await expect(
      verifyCompact(await signed(claims(), { typ: 'application/JWT' })),
    ).resolves.toBeDefined();
    await expect(
      verifyCompact(await signed(claims({ aud: ['crm', 'hello'] }))),
    ).resolves.toBeDefined();
  });

  it('refuses with the codes jose gave: signature before claims, then typ, iss, aud, nbf, exp', async () => {
    const good = await signed(claims());
    const [header, payload, signature] = good.split('.') as [string, string, string];
    // Another payload under the same signature.
    const swapped = Buffer.from(JSON.stringify(claims({ sub: 'x' }))).toString('base64url');
    expect(await code(`${header}.${swapped}.${signature}`)).toBe('TOKEN_INVALID');
    // A bad signature wins over an expired token.
    const expired = await signed(claims({ iat: now() - 100, nbf: now() - 100, exp: now() - 11 }));
    expect(await code(expired)).toBe('TOKEN_EXPIRED');
    expect(await code(`${expired.slice(0, expired.lastIndexOf('.'))}.${signature}`)).toBe(
      'TOKEN_INVALID',
    );
    expect(await code(await signed(claims(), { typ: 'JOSE' }))).toBe('TOKEN_INVALID');
    expect(await code(await signed(claims(), { typ: undefined }))).toBe('TOKEN_INVALID');
    expect(await code(await signed(claims(), { kid: 'other' }))).toBe('TOKEN_INVALID');
    // Any crit header (jose would take b64: true; the shell never sets one).
    expect(await code(await signed(claims(), { crit: ['b64'], b64: true }))).toBe('TOKEN_INVALID');
    expect(await code(await signed(claims({ iss: 'https://evil.test' })))).toBe('TOKEN_INVALID');
    expect(await code(await signed(claims({ iss: undefined })))).toBe('TOKEN_INVALID');
    expect(await code(await signed(claims({ aud: 'crm' })))).toBe('TOKEN_AUDIENCE');
    expect(await code(await signed(claims({ aud: undefined })))).toBe('TOKEN_AUDIENCE');
    // Wrong audience wins over expired, as in jose.
    expect(await code(await signed(claims({ aud: 'crm', exp: now() - 100 })))).toBe(
      'TOKEN_AUDIENCE',
    );
    expect(await code(await signed(claims({ nbf: now() + 11 })))).toBe('TOKEN_INVALID');
    await expect(verifyCompact(await signed(claims({ nbf: now() + 9 })))).resolves.toBeDefined();
    expect(await code(await signed(claims({ exp: now() - 10 })))).toBe('TOKEN_EXPIRED');
    await expect(verifyCompact(await signed(claims({ exp: now() - 9 })))).resolves.toBeDefined();
    expect(await code(await signed(claims({ exp: String(now() + 60) as never })))).toBe(
      'TOKEN_INVALID',
    );
    // Not a compact JWS: other part counts, padding, whitespace, empty signature.
    expect(await code(`${header}.${payload}`)).toBe('TOKEN_INVALID');
    expect(await code(`${good}.x`)).toBe('TOKEN_INVALID');
    expect(await code(`${header}.${payload}.${signature}=`)).toBe('TOKEN_INVALID');
    expect(await code(`${header}.${payload} .${signature}`)).toBe('TOKEN_INVALID');
    expect(await code(`${header}.${payload}.`)).toBe('TOKEN_INVALID');
    // Another algorithm, whatever it signs with.
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    expect(
      await code(`${b64({ alg: 'none', kid: 'k', typ: 'JWT' })}.${payload}.${signature}`),
    ).toBe('TOKEN_INVALID');
    expect(
      await code(`${b64({ alg: 'ES384', kid: 'k', typ: 'JWT' })}.${payload}.${signature}`),
    ).toBe('TOKEN_INVALID');
    // A payload that is not a JSON object (signed).
    const array = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: 'k', typ: 'JWT' })
      .sign(privateKey);
    const [arrayHeader] = array.split('.') as [string];
    expect(await code(`${arrayHeader}.${b64([1])}.${signature}`)).toBe('TOKEN_INVALID');
  });
});
