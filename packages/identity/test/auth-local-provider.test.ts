import { createTestDatabase, seedUser, type TestDatabase } from '@aiconnected/db/testing';
import { createLocalAuthProvider, setPassword, verifyPassword } from '@aiconnected/identity';
import { ShellError } from '@aiconnected/sdk-contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let test: TestDatabase;
const provider = createLocalAuthProvider();
const PASSWORD = 'local-provider-secret';

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => {
  await test.drop();
});

const setPasswordOf = (userId: string, password: string) =>
  test.db.withService('identity test: set password', (tx) => setPassword(tx, { userId, password }));

describe('local auth provider', () => {
  it('authenticates a user by email and password', async () => {
    const user = await seedUser(test.admin);
    await setPasswordOf(user.id, PASSWORD);
    expect(provider.kind).toBe('local');
    expect(
      await provider.authenticate(test.db, { email: user.email, password: PASSWORD }),
    ).toStrictEqual({
      userId: user.id,
    });
  });

  it('answers null for a wrong password, an unknown email and a user without a credential', async () => {
    const user = await seedUser(test.admin);
    await setPasswordOf(user.id, PASSWORD);
    const invited = await seedUser(test.admin, { status: 'invited' });
    expect(
      await provider.authenticate(test.db, { email: user.email, password: `${PASSWORD}!` }),
    ).toBeNull();
    expect(
      await provider.authenticate(test.db, {
        email: 'nobody-here@example.test',
        password: PASSWORD,
      }),
    ).toBeNull();
    expect(
      await provider.authenticate(test.db, { email: invited.email, password: PASSWORD }),
    ).toBeNull();
  });
});

describe('setPassword', () => {
  it('stores a scrypt hash, never the password, and replaces it on the next call', async () => {
    const user = await seedUser(test.admin);
    await setPasswordOf(user.id, PASSWORD);
    const first = await test.admin.query<{ password_hash: string; password_updated_at: Date }>(
      'select password_hash, password_updated_at from public.user_credentials where user_id = $1',
      [user.id],
    );
    const firstRow = first.rows[0];
    expect(firstRow?.password_hash).toMatch(/^scrypt\$/);
    expect(firstRow?.password_hash).not.toContain(PASSWORD);

    await setPasswordOf(user.id, 'a brand new password');
    const second = await test.admin.query<{ password_hash: string }>(
      'select password_hash from public.user_credentials where user_id = $1',
      [user.id],
    );
    expect(second.rows).toHaveLength(1);
    const hash = second.rows[0]?.password_hash ?? '';
    expect(await verifyPassword(hash, 'a brand new password')).toBe(true);
    expect(
      await provider.authenticate(test.db, { email: user.email, password: PASSWORD }),
    ).toBeNull();
  });

  it('refuses a password outside the policy and changes nothing', async () => {
    const user = await seedUser(test.admin);
    const error = await setPasswordOf(user.id, 'short').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShellError);
    expect(error).toMatchObject({
      code: 'VALIDATION_BLOCKING',
      details: { field: 'new_password' },
    });
    const { rows } = await test.admin.query(
      'select 1 from public.user_credentials where user_id = $1',
      [user.id],
    );
    expect(rows).toStrictEqual([]);
  });
});
