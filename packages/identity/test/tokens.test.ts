import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { isShellError } from '@aiconnected/sdk-contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/crypto/hash-token';
import { consumeToken } from '../src/tokens/consume-token';
import { issueToken, type IssueTokenInput } from '../src/tokens/issue-token';

let test: TestDatabase;
let workspaceId: string;

beforeAll(async () => {
  test = await createTestDatabase();
  const { rows } = await test.admin.query<{ id: string }>(
    `insert into public.workspaces (type, name) values ('super', 'Platform') returning id`,
  );
  workspaceId = rows[0]?.id ?? '';
});
afterAll(async () => {
  await test.drop();
});

async function newUser(): Promise<string> {
  const { rows } = await test.admin.query<{ id: string }>(
    `insert into public.users (email, status) values ($1, 'invited') returning id`,
    [`token-${randomUUID()}@mail.test`],
  );
  return rows[0]?.id ?? '';
}

const issue = (input: IssueTokenInput) =>
  test.db.withService('test: issue', async (tx) => (await issueToken(tx, input)).token);
const consume = (purpose: Parameters<typeof consumeToken>[1]['purpose'], token: string) =>
  test.db.withService('test: consume', (tx) => consumeToken(tx, { purpose, token }));

/** The error envelope a failed call would answer with. */
async function envelopeOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    if (isShellError(error)) return error.toEnvelope('corr-test');
    throw error;
  }
  throw new Error('expected the call to fail');
}

const INVALID_LINK = {
  error: {
    code: 'SESSION_INVALID',
    message: 'This link is invalid or has expired.',
    correlation_id: 'corr-test',
  },
};

describe('issueToken / consumeToken', () => {
  it('stores only the hash, and the token works once', async () => {
    const userId = await newUser();
    const token = await issue({
      purpose: 'invitation',
      userId,
      workspaceId,
      roleTemplate: 'business_user',
      invitedEmail: 'invited@example.test',
      ttlMinutes: 60,
    });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await test.admin.query('select * from public.auth_tokens where user_id = $1', [
      userId,
    ]);
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0].token_hash).toBe(hashToken(token));
    expect(JSON.stringify(stored.rows)).not.toContain(token);

    const row = await consume('invitation', token);
    expect(row).toMatchObject({
      purpose: 'invitation',
      user_id: userId,
      workspace_id: workspaceId,
      role_template: 'business_user',
      new_email: null,
    });
    expect(row.used_at).toBeInstanceOf(Date);
    expect(await envelopeOf(consume('invitation', token))).toStrictEqual(INVALID_LINK);
  });

  it('refuses a token of another purpose, an unknown one and a malformed one alike', async () => {
    const userId = await newUser();
    const token = await issue({ purpose: 'password_reset', userId, ttlMinutes: 60 });
    expect(await envelopeOf(consume('invitation', token))).toStrictEqual(INVALID_LINK);
    expect(await envelopeOf(consume('password_reset', 'A'.repeat(43)))).toStrictEqual(INVALID_LINK);
    expect(await envelopeOf(consume('password_reset', 'not a token'))).toStrictEqual(INVALID_LINK);
    // Still unused: the refused attempts did not spend it.
    expect((await consume(['password_reset', 'invitation'], token)).purpose).toBe('password_reset');
  });

  it('refuses an expired token', async () => {
    const userId = await newUser();
    const token = await issue({ purpose: 'password_reset', userId, ttlMinutes: 60 });
    await test.admin.query(
      `update public.auth_tokens set created_at = now() - interval '2 hours', expires_at = now() - interval '1 hour'
        where user_id = $1`,
      [userId],
    );
    expect(await envelopeOf(consume('password_reset', token))).toStrictEqual(INVALID_LINK);
  });

  it("returns the row's id and expiry with the token", async () => {
    const userId = await newUser();
    const issued = await test.db.withService('test: issue', (tx) =>
      issueToken(tx, { purpose: 'password_reset', userId, ttlMinutes: 60 }),
    );
    const { rows } = await test.admin.query<{ id: string; expires_at: Date; token_hash: string }>(
      'select id, expires_at, token_hash from public.auth_tokens where user_id = $1',
      [userId],
    );
    expect(rows).toStrictEqual([
      { id: issued.id, expires_at: issued.expiresAt, token_hash: hashToken(issued.token) },
    ]);
  });

  it('a new token of the same user and purpose invalidates the earlier unused one', async () => {
    const userId = await newUser();
    const first = await issue({ purpose: 'password_reset', userId, ttlMinutes: 60 });
    const invitation = await issue({
      purpose: 'invitation',
      userId,
      workspaceId,
      roleTemplate: 'business_user',
      invitedEmail: 'invited@example.test',
      ttlMinutes: 60,
    });
    const second = await issue({ purpose: 'password_reset', userId, ttlMinutes: 60 });
    expect(await envelopeOf(consume('password_reset', first))).toStrictEqual(INVALID_LINK);
    expect((await consume('password_reset', second)).user_id).toBe(userId);
    // Another purpose is untouched.
    expect((await consume('invitation', invitation)).user_id).toBe(userId);
  });

  it('of two concurrent uses exactly one succeeds', async () => {
    const userId = await newUser();
    const token = await issue({ purpose: 'password_reset', userId, ttlMinutes: 60 });
    const results = await Promise.allSettled([
      consume('password_reset', token),
      consume('password_reset', token),
    ]);
    expect(results.map((result) => result.status).sort()).toStrictEqual(['fulfilled', 'rejected']);
  });

  it('keeps the new address of an email verification and refuses a non-positive lifetime', async () => {
    const userId = await newUser();
    const token = await issue({
      purpose: 'email_verification',
      userId,
      newEmail: 'moved@mail.test',
      ttlMinutes: 5,
    });
    expect((await consume('email_verification', token)).new_email).toBe('moved@mail.test');
    await expect(issue({ purpose: 'password_reset', userId, ttlMinutes: 0 })).rejects.toThrow(
      'issueToken: ttlMinutes must be a positive number',
    );
  });
});
