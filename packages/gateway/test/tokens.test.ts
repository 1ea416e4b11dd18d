import { randomUUID } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  NOT_IMPERSONATING,
  shellClaimsSchema,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import {
  newSigningKey,
  mintGatewayClaims,
  mintModuleUiToken,
  parseSigningKeys,
  verifyModuleUiToken,
} from '../src';

const issuer = 'https://shell.test';
const context: WorkspaceContext = {
  user_id: randomUUID(),
  session_id: randomUUID(),
  workspace_id: randomUUID(),
  role_template: 'business_admin',
  permissions: ['modules.install'],
  impersonation: NOT_IMPERSONATING,
};
const ringOf = () => parseSigningKeys(JSON.stringify({ keys: [newSigningKey()] }));
const uiInput = {
  context,
  sessionId: context.session_id,
  moduleKey: 'crm',
  version: '1.2.0',
  permissions: ['crm.contacts.read'],
  issuer,
};

async function expectSessionInvalid(promise: Promise<unknown>) {
  await expect(promise).rejects.toMatchObject({ name: 'ShellError', code: 'SESSION_INVALID' });
}

describe('mintGatewayClaims', () => {
  it('signs the design §1 claims, bound to method and path, 60 s', async () => {
    const ring = ringOf();
    const cid = randomUUID();
    const token = await mintGatewayClaims(ring, {
      context,
      moduleKey: 'crm',
      version: '1.2.0',
      permissions: ['crm.contacts.read'],
      method: 'post',
      path: '/contacts/7?include=notes',
      correlationId: cid,
      issuer,
    });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', kid: ring.activeKid, typ: 'JWT' });
    const claims = decodeJwt(token);
    expect(claims).toEqual({
      iss: issuer,
      aud: 'crm',
      sub: context.user_id,
      iat: expect.any(Number),
      nbf: claims.iat,
      exp: (claims.iat ?? 0) + 60,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      use: 'gateway',
      wid: context.workspace_id,
      mod: 'crm',
      ver: '1.2.0',
      role: 'business_admin',
      perms: ['crm.contacts.read'],
      cid,
      imp: NOT_IMPERSONATING,
      htm: 'POST',
      htu: '/contacts/7',
    });
    // The ShellClaims contract (sdk-contracts) holds for what is minted.
    expect(shellClaimsSchema.parse(claims)).toEqual(claims);
    // A gateway claim is not a module-ui token.
    await expectSessionInvalid(verifyModuleUiToken(ring, token, { moduleKey: 'crm', issuer }));
  });
});

describe('module-ui tokens', () => {
  it('mint and verify round trip: use module-ui, sid, ttl', async () => {
    const ring = ringOf();
    const before = Date.now();
    const { token, expiresAt } = await mintModuleUiToken(ring, { ...uiInput, ttlSeconds: 120 });
    expect(expiresAt.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 120_000);
    const claims = await verifyModuleUiToken(ring, token, { moduleKey: 'crm', issuer });
    expect(claims).toMatchObject({
      use: 'module-ui',
      aud: 'crm',
      sid: context.session_id,
      wid: context.workspace_id,
      perms: ['crm.contacts.read'],
    });
    expect(claims.exp - claims.iat).toBe(120);
    expect(claims).not.toHaveProperty('htm');
    expect(shellClaimsSchema.safeParse(claims).success).toBe(true);
  });

  it('refuses a ttl outside 10..300', async () => {
    const ring = ringOf();
    await expect(mintModuleUiToken(ring, { ...uiInput, ttlSeconds: 9 })).rejects.toThrow(
      RangeError,
    );
    await expect(mintModuleUiToken(ring, { ...uiInput, ttlSeconds: 301 })).rejects.toThrow(
      RangeError,
    );
  });

  it('refuses another audience or issuer, expiry past the leeway, unknown kid, none and HS256', async () => {
    const ring = ringOf();
    const { token } = await mintModuleUiToken(ring, uiInput);
    await expectSessionInvalid(verifyModuleUiToken(ring, token, { moduleKey: 'hello', issuer }));
    await expectSessionInvalid(
      verifyModuleUiToken(ring, token, { moduleKey: 'crm', issuer: 'https://evil.test' }),
    );
    await expectSessionInvalid(verifyModuleUiToken(ringOf(), token, { moduleKey: 'crm', issuer }));
    const now = Math.floor(Date.now() / 1000);
    const payload = { ...decodeJwt(token) };
    const expired = await ring.sign({ ...payload, iat: now - 100, nbf: now - 100, exp: now - 11 });
    await expectSessionInvalid(verifyModuleUiToken(ring, expired, { moduleKey: 'crm', issuer }));
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const none = `${b64({ alg: 'none', kid: ring.activeKid, typ: 'JWT' })}.${b64(payload)}.`;
    await expectSessionInvalid(verifyModuleUiToken(ring, none, { moduleKey: 'crm', issuer }));
    const hs = await new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256', kid: ring.activeKid, typ: 'JWT' })
      .sign(new TextEncoder().encode(JSON.stringify(ring.jwks().keys[0])));
    await expectSessionInvalid(verifyModuleUiToken(ring, hs, { moduleKey: 'crm', issuer }));
    // Signed by the ring but not a module-ui token, or without a session.
    const wrongUse = await ring.sign({ ...payload, use: 'gateway' });
    await expectSessionInvalid(verifyModuleUiToken(ring, wrongUse, { moduleKey: 'crm', issuer }));
    const noSid = await ring.sign({ ...payload, sid: undefined });
    await expectSessionInvalid(verifyModuleUiToken(ring, noSid, { moduleKey: 'crm', issuer }));
  });
});
