import { randomUUID } from 'node:crypto';
import { createTestDatabase, seedUser, type TestDatabase } from '@aiconnected/db/testing';
import { createSupabaseAuthProvider, type SupabaseAuthProvider } from '@aiconnected/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGoTrueStandIn, type GoTrueStandIn } from './support/gotrue-stand-in';

// Against the local GoTrue stand-in (test/support/gotrue-stand-in.ts), never Supabase.

let test: TestDatabase;
let gotrue: GoTrueStandIn;
let provider: SupabaseAuthProvider;

beforeAll(async () => {
  test = await createTestDatabase();
  gotrue = await startGoTrueStandIn();
  provider = createSupabaseAuthProvider({ supabaseUrl: `${gotrue.url}/`, anonKey: gotrue.anonKey });
});
afterAll(async () => {
  await gotrue.close();
  await test.drop();
});

/** A Supabase auth user and the shell user mapped to it by auth_user_id. */
async function mappedUser(password: string) {
  const email = `supabase-${randomUUID().slice(0, 8)}@example.test`;
  const authUserId = gotrue.addUser(email, password);
  const user = await seedUser(test.admin, { authUserId });
  return { email, authUserId, userId: user.id };
}

describe('supabase auth provider', () => {
  it('signs in through GoTrue and maps the verified sub to users.auth_user_id', async () => {
    const { email, userId } = await mappedUser('supabase-secret-1');
    expect(provider.kind).toBe('supabase');
    expect(
      await provider.authenticate(test.db, { email, password: 'supabase-secret-1' }),
    ).toStrictEqual({ userId });
  });

  it('answers null for a wrong password and an unknown email', async () => {
    const { email } = await mappedUser('supabase-secret-2');
    expect(
      await provider.authenticate(test.db, { email, password: 'wrong-password-2' }),
    ).toBeNull();
    expect(
      await provider.authenticate(test.db, { email: 'unknown@example.test', password: 'x' }),
    ).toBeNull();
  });

  it('answers null for a Supabase user without a shell user', async () => {
    const email = `orphan-${randomUUID().slice(0, 8)}@example.test`;
    gotrue.addUser(email, 'orphan-secret');
    expect(await provider.authenticate(test.db, { email, password: 'orphan-secret' })).toBeNull();
  });

  it.each(['foreign-key', 'expired'] as const)(
    'rejects a %s token even when GoTrue accepted the password',
    async (mode) => {
      const { email } = await mappedUser('supabase-secret-3');
      gotrue.tokenMode = mode;
      try {
        expect(
          await provider.authenticate(test.db, { email, password: 'supabase-secret-3' }),
        ).toBeNull();
      } finally {
        gotrue.tokenMode = 'valid';
      }
    },
  );

  it('sends the anon key: a wrong one is an outage (INTERNAL_ERROR), not a wrong password', async () => {
    const { email } = await mappedUser('supabase-secret-4');
    const misconfigured = createSupabaseAuthProvider({
      supabaseUrl: gotrue.url,
      anonKey: 'wrong-key',
    });
    await expect(
      misconfigured.authenticate(test.db, { email, password: 'supabase-secret-4' }),
    ).rejects.toMatchObject({
      name: 'ShellError',
      code: 'INTERNAL_ERROR',
    });
  });

  it('fails with INTERNAL_ERROR when GoTrue is unreachable', async () => {
    const down = createSupabaseAuthProvider({
      supabaseUrl: 'http://127.0.0.1:9',
      anonKey: 'k',
      timeoutMs: 2000,
    });
    await expect(
      down.authenticate(test.db, { email: 'a@example.test', password: 'x' }),
    ).rejects.toMatchObject({
      code: 'INTERNAL_ERROR',
    });
  });

  it('uses the injected fetch for GoTrue and the JWKS', async () => {
    const seen: string[] = [];
    const counting = createSupabaseAuthProvider({
      supabaseUrl: gotrue.url,
      anonKey: gotrue.anonKey,
      fetch: (input, init) => {
        seen.push(new URL(input instanceof Request ? input.url : input).pathname);
        return fetch(input, init);
      },
    });
    const { email, userId } = await mappedUser('supabase-secret-5');
    expect(
      await counting.authenticate(test.db, { email, password: 'supabase-secret-5' }),
    ).toStrictEqual({ userId });
    expect(seen).toStrictEqual(['/auth/v1/token', '/auth/v1/.well-known/jwks.json']);
  });
});

describe('verifySupabaseAccessToken (Bearer JWTs)', () => {
  it('accepts a token of the project and returns its subject, email and expiry', async () => {
    const sub = crypto.randomUUID();
    const token = await gotrue.signAccessToken(sub, 'bearer@example.test');
    const verified = await provider.verifySupabaseAccessToken(token);
    expect(verified).toStrictEqual({
      authUserId: sub,
      email: 'bearer@example.test',
      expiresAt: expect.any(Date),
    });
    expect(Math.abs((verified?.expiresAt.getTime() ?? 0) - (Date.now() + 3_600_000))).toBeLessThan(
      5000,
    );
  });

  it.each([
    ['signed by another key', { key: 'foreign' as const }],
    ['expired', { expiresInSeconds: -120 }],
    ['from another issuer', { issuer: 'https://elsewhere.example/auth/v1' }],
    ['for another audience', { audience: 'anon' }],
  ])('rejects a token %s', async (_, options) => {
    const token = await gotrue.signAccessToken(crypto.randomUUID(), 'x@example.test', options);
    expect(await provider.verifySupabaseAccessToken(token)).toBeNull();
  });

  it('rejects garbage and an unsigned token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({
        sub: crypto.randomUUID(),
        aud: 'authenticated',
        iss: `${gotrue.url}/auth/v1`,
        exp: 9_999_999_999,
      }),
    ).toString('base64url');
    expect(await provider.verifySupabaseAccessToken(`${header}.${payload}.`)).toBeNull();
    expect(await provider.verifySupabaseAccessToken('not.a.jwt')).toBeNull();
    expect(await provider.verifySupabaseAccessToken('')).toBeNull();
  });

  it('maps a verified subject to the shell user', async () => {
    const { authUserId, userId } = await mappedUser('supabase-secret-6');
    expect(await provider.findUserIdByAuthUserId(test.db, authUserId)).toBe(userId);
    expect(await provider.findUserIdByAuthUserId(test.db, crypto.randomUUID())).toBeNull();
    expect(await provider.findUserIdByAuthUserId(test.db, 'not-a-uuid')).toBeNull();
  });
});
