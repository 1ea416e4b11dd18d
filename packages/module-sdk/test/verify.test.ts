import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShellVerifier, ShellTokenError, type ShellVerifier } from '../src/verify';

const issuer = 'https://shell.test';
let server: Server;
let jwksUrl: string;
let jwksRequests = 0;
let privateKey: CryptoKey;
let otherKey: CryptoKey;
const kid = 'key-1';
let verifier: ShellVerifier;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256');
  privateKey = pair.privateKey;
  otherKey = (await generateKeyPair('ES256')).privateKey;
  const publicJwk = { ...(await exportJWK(pair.publicKey)), kid, alg: 'ES256', use: 'sig' };
  // The shell's JWKS endpoint, on loopback.
  server = createServer((_req, res) => {
    jwksRequests += 1;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [publicJwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  verifier = createShellVerifier({ jwksUrl, moduleId: 'hello', issuer, basePath: '/api' });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const now = () => Math.floor(Date.now() / 1000);
function claims(over: Record<string, unknown> = {}): JWTPayload {
  const iat = now();
  return {
    iss: issuer,
    aud: 'hello',
    sub: randomUUID(),
    iat,
    nbf: iat,
    exp: iat + 60,
    jti: randomUUID(),
    use: 'gateway',
    wid: randomUUID(),
    mod: 'hello',
    ver: '1.0.0',
    role: 'business_user',
    perms: ['hello.greeting.read'],
    cid: randomUUID(),
    imp: {
      active: false,
      actor_user_id: null,
      actor_workspace_id: null,
      target_workspace_id: null,
    },
    htm: 'GET',
    htu: '/greeting',
    ...over,
  };
}
const sign = (payload: JWTPayload, key: CryptoKey = privateKey, header: object = {}) =>
  new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT', ...header }).sign(key);

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ShellTokenError);
  return (error as ShellTokenError).code;
}

describe('createShellVerifier', () => {
  it('verifies gateway claims bound to the request (Headers or Node headers, base path and query ignored)', async () => {
    const token = await sign(claims());
    const fromHeaders = await verifier.verifyRequest(
      'get',
      '/api/greeting?name=x',
      new Headers({ 'x-shell-claims': token }),
    );
    expect(fromHeaders).toMatchObject({
      use: 'gateway',
      mod: 'hello',
      perms: ['hello.greeting.read'],
    });
    const fromNode = await verifier.verifyRequest('GET', '/api/greeting', {
      'x-shell-claims': token,
    });
    expect(fromNode.htu).toBe('/greeting');
    // Keys are fetched once and cached.
    expect(jwksRequests).toBe(1);
  });

  it('refuses with stable codes', async () => {
    const ok = claims();
    expect(await refusal(verifier.verifyRequest('GET', '/api/greeting', {}))).toBe('TOKEN_MISSING');
    expect(
      await refusal(
        verifier.verifyRequest('POST', '/api/greeting', { 'x-shell-claims': await sign(ok) }),
      ),
    ).toBe('TOKEN_BINDING');
    expect(
      await refusal(
        verifier.verifyRequest('GET', '/api/other', { 'x-shell-claims': await sign(ok) }),
      ),
    ).toBe('TOKEN_BINDING');
    const other = await sign(claims({ aud: 'crm', mod: 'crm' }));
    expect(
      await refusal(verifier.verifyRequest('GET', '/api/greeting', { 'x-shell-claims': other })),
    ).toBe('TOKEN_AUDIENCE');
    const expired = await sign(claims({ iat: now() - 100, nbf: now() - 100, exp: now() - 11 }));
    expect(
      await refusal(verifier.verifyRequest('GET', '/api/greeting', { 'x-shell-claims': expired })),
    ).toBe('TOKEN_EXPIRED');
    // Inside the 10 s tolerance it still verifies.
    const late = await sign(claims({ iat: now() - 65, nbf: now() - 65, exp: now() - 5 }));
    await expect(
      verifier.verifyRequest('GET', '/api/greeting', { 'x-shell-claims': late }),
    ).resolves.toMatchObject({ use: 'gateway' });
    const wrongIssuer = await sign(claims({ iss: 'https://evil.test' }));
    expect(await refusal(verifier.verifyToken(wrongIssuer))).toBe('TOKEN_INVALID');
    expect(await refusal(verifier.verifyToken(await sign(ok, otherKey)))).toBe('TOKEN_INVALID');
    const unknownKid = await sign(ok, otherKey, { kid: 'key-2' });
    expect(await refusal(verifier.verifyToken(unknownKid))).toBe('TOKEN_INVALID');
    const hs = await new SignJWT(ok)
      .setProtectedHeader({ alg: 'HS256', kid, typ: 'JWT' })
      .sign(new TextEncoder().encode('a shared secret of enough length!!'));
    expect(await refusal(verifier.verifyToken(hs))).toBe('TOKEN_INVALID');
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    expect(await refusal(verifier.verifyToken(`${b64({ alg: 'none', kid })}.${b64(ok)}.`))).toBe(
      'TOKEN_INVALID',
    );
    // Signed, but not the ShellClaims shape.
    expect(await refusal(verifier.verifyToken(await sign(claims({ perms: 'all' }))))).toBe(
      'TOKEN_INVALID',
    );
  });

  it('verifyToken takes module-ui tokens only; verifyRequest gateway claims only', async () => {
    const iat = now();
    const ui = await sign(
      claims({
        use: 'module-ui',
        sid: randomUUID(),
        htm: undefined,
        htu: undefined,
        exp: iat + 120,
      }),
    );
    await expect(verifier.verifyToken(ui)).resolves.toMatchObject({ use: 'module-ui' });
    expect(
      await refusal(verifier.verifyRequest('GET', '/api/greeting', { 'x-shell-claims': ui })),
    ).toBe('TOKEN_INVALID');
    expect(await refusal(verifier.verifyToken(await sign(claims())))).toBe('TOKEN_INVALID');
    expect(await refusal(verifier.verifyToken(''))).toBe('TOKEN_MISSING');
  });
});
