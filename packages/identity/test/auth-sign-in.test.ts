import { randomUUID } from 'node:crypto';
import {
  createTestDatabase,
  seedMembership,
  seedUser,
  seedWorkspace,
  type TestDatabase,
} from '@aiconnected/db/testing';
import {
  createAuthRateLimiter,
  createLocalAuthProvider,
  authenticateSession,
  signIn,
  signOut,
  type AuthLogger,
  type AuthRateLimiter,
  type SignInInput,
  type SignInLimiters,
} from '@aiconnected/identity';
import { hashTreePassword, TREE_PASSWORD } from '@aiconnected/identity/testing';
import { ShellError } from '@aiconnected/sdk-contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let test: TestDatabase;
let superId: string;
const provider = createLocalAuthProvider();
// One scrypt hash per file (hashTreePassword) for every seeded user, not one per user through
// setPassword (crypto.test.ts and users-credentials.test.ts cover hashing): sign-in verifies each.
const PASSWORD = TREE_PASSWORD;

beforeAll(async () => {
  test = await createTestDatabase();
  superId = (await seedWorkspace(test.admin, { type: 'super', parentId: null })).id;
});
afterAll(async () => {
  await test.drop();
});

/** One limiter for both sign-in keys (`email:`, `ip:`), as the tests need no separate allowance. */
const both = (limiter: AuthRateLimiter): SignInLimiters => ({ account: limiter, ip: limiter });

/** Limiters no other test shares, generous enough not to interfere. */
const freshLimiter = (points = 50) =>
  both(
    createAuthRateLimiter(test.db.pool, {
      points,
      durationSeconds: 60,
      keyPrefix: `t-${randomUUID().slice(0, 8)}`,
    }),
  );

/** An active user with a local password and `memberships` active agency memberships. */
async function userWithMemberships(
  memberships: number,
  options: { status?: 'active' | 'invited' | 'suspended' } = {},
) {
  const user = await seedUser(test.admin, { ...options, passwordHash: await hashTreePassword() });
  const workspaceIds: string[] = [];
  for (let index = 0; index < memberships; index += 1) {
    const workspaceId = (await seedWorkspace(test.admin, { type: 'agency', parentId: superId })).id;
    await seedMembership(test.admin, { role: 'agency_user', userId: user.id, workspaceId });
    workspaceIds.push(workspaceId);
  }
  return { ...user, workspaceIds };
}

const input = (
  email: string,
  password = PASSWORD,
  ip: string | null = '198.51.100.10',
): SignInInput => ({
  email,
  password,
  ip,
  userAgent: 'vitest',
  ttlHours: 168,
  correlationId: `corr-${randomUUID().slice(0, 8)}`,
});

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected sign-in to be refused');
    },
    (error: unknown) => error,
  );

describe('signIn', () => {
  it('with one workspace option starts the session there, and the token finds the session', async () => {
    const user = await userWithMemberships(1);
    const result = await signIn(
      test.db,
      provider,
      freshLimiter(),
      input(`  ${user.email.toUpperCase()} `),
    );
    expect(result.user).toStrictEqual({
      id: user.id,
      email: user.email,
      displayName: null,
      status: 'active',
    });
    expect(result.session.activeWorkspaceId).toBe(user.workspaceIds[0]);
    expect(result.session).toMatchObject({
      userId: user.id,
      userAgent: 'vitest',
      ip: '198.51.100.10',
    });
    expect((await authenticateSession(test.db, result.token))?.session).toStrictEqual(
      result.session,
    );
  });

  it('with several workspace options starts without an active workspace', async () => {
    const user = await userWithMemberships(2);
    const result = await signIn(test.db, provider, freshLimiter(), input(user.email));
    expect(result.session.activeWorkspaceId).toBeNull();
  });

  it('counts only active memberships in active workspaces as options', async () => {
    const user = await userWithMemberships(1);
    const suspended = (
      await seedWorkspace(test.admin, { type: 'agency', parentId: superId, status: 'suspended' })
    ).id;
    const inactive = (await seedWorkspace(test.admin, { type: 'agency', parentId: superId })).id;
    await seedMembership(test.admin, {
      role: 'agency_user',
      userId: user.id,
      workspaceId: suspended,
    });
    await seedMembership(test.admin, {
      role: 'agency_user',
      userId: user.id,
      workspaceId: inactive,
      active: false,
    });
    const result = await signIn(test.db, provider, freshLimiter(), input(user.email));
    expect(result.session.activeWorkspaceId).toBe(user.workspaceIds[0]);
  });

  it('audits auth.sign_in in the active workspace with the correlation id', async () => {
    const user = await userWithMemberships(1);
    const request = input(user.email);
    const { session } = await signIn(test.db, provider, freshLimiter(), request);
    const { rows } = await test.admin.query(
      `select workspace_id, actor_user_id, impersonator_user_id, action, target_type, target_id,
              metadata_json - 'people' as metadata_json, correlation_id
         from public.audit_logs where actor_user_id = $1`,
      [user.id],
    );
    expect(rows).toStrictEqual([
      {
        workspace_id: user.workspaceIds[0],
        actor_user_id: user.id,
        impersonator_user_id: null,
        action: 'auth.sign_in',
        target_type: 'session',
        target_id: session.id,
        metadata_json: {
          provider: 'local',
          ip: '198.51.100.10',
          user_agent: 'vitest',
          workspace_selected: true,
        },
        correlation_id: request.correlationId,
      },
    ]);
  });

  it('audits in the first membership workspace when none is selected, and skips the audit row without any membership', async () => {
    const several = await userWithMemberships(2);
    await signIn(test.db, provider, freshLimiter(), input(several.email));
    const none = await userWithMemberships(0);
    const { session } = await signIn(test.db, provider, freshLimiter(), input(none.email));
    expect(session.activeWorkspaceId).toBeNull();
    const { rows } = await test.admin.query<{
      actor_user_id: string;
      workspace_id: string;
      selected: boolean;
    }>(
      `select actor_user_id, workspace_id, (metadata_json ->> 'workspace_selected')::boolean as selected
         from public.audit_logs where actor_user_id = any($1::uuid[])`,
      [[several.id, none.id]],
    );
    expect(rows).toStrictEqual([
      { actor_user_id: several.id, workspace_id: several.workspaceIds[0], selected: false },
    ]);
  });

  it('refuses unknown email, wrong password, invited users and a wrong password for a suspended user with one identical error', async () => {
    const known = await userWithMemberships(1);
    const invited = await userWithMemberships(1, { status: 'invited' });
    const suspended = await userWithMemberships(1, { status: 'suspended' });
    const limiter = freshLimiter();
    const errors = [
      await refusal(
        signIn(test.db, provider, limiter, input(`unknown-${randomUUID()}@example.test`)),
      ),
      await refusal(signIn(test.db, provider, limiter, input(known.email, 'wrong-password-1'))),
      await refusal(signIn(test.db, provider, limiter, input(invited.email))),
      await refusal(signIn(test.db, provider, limiter, input(suspended.email, 'wrong-password-2'))),
    ];
    const expected = new ShellError('AUTH_REQUIRED', 'sign-in refused: invalid credentials', {
      userMessage: 'Email or password is incorrect.',
    });
    for (const error of errors) expect(error).toStrictEqual(expected);
    expect((errors[0] as ShellError).toEnvelope('c')).toStrictEqual({
      error: {
        code: 'AUTH_REQUIRED',
        message: 'Email or password is incorrect.',
        correlation_id: 'c',
      },
    });
    // Refusals leave no session and no audit row behind.
    const { rows } = await test.admin.query(
      'select 1 from public.sessions where user_id = any($1::uuid[]) union all select 1 from public.audit_logs where actor_user_id = any($1::uuid[])',
      [[known.id, invited.id, suspended.id]],
    );
    expect(rows).toStrictEqual([]);
  });

  it('tells a suspended user who gave the correct password that the account is suspended', async () => {
    const suspended = await userWithMemberships(1, { status: 'suspended' });
    const error = await refusal(signIn(test.db, provider, freshLimiter(), input(suspended.email)));
    expect((error as ShellError).toEnvelope('c')).toStrictEqual({
      error: {
        code: 'PERMISSION_DENIED',
        message: 'This account is suspended. Ask an administrator of your workspace to restore it.',
        details: { reason: 'account_suspended' },
        correlation_id: 'c',
      },
    });
    const { rows } = await test.admin.query(
      'select 1 from public.sessions where user_id = $1 union all select 1 from public.audit_logs where actor_user_id = $1',
      [suspended.id],
    );
    expect(rows).toStrictEqual([]);
  });

  it('logs refusals and sign-ins without the email or password', async () => {
    const user = await userWithMemberships(1);
    const lines: { msg: string; obj: Record<string, unknown> }[] = [];
    const logger: AuthLogger = {
      info: (obj, msg) => lines.push({ obj, msg }),
      warn: (obj, msg) => lines.push({ obj, msg }),
    };
    await refusal(
      signIn(test.db, provider, freshLimiter(), input(user.email, 'wrong-password-2'), logger),
    );
    await signIn(test.db, provider, freshLimiter(), input(user.email), logger);
    expect(lines.map((line) => [line.msg, line.obj.reason ?? null])).toStrictEqual([
      ['sign-in refused', 'invalid_credentials'],
      ['signed in', null],
    ]);
    const text = JSON.stringify(lines);
    expect(text).not.toContain(user.email);
    expect(text).not.toContain(PASSWORD);
  });

  it('rate limits per email after N attempts, even with the right password, across limiter instances', async () => {
    const user = await userWithMemberships(1);
    const keyPrefix = `t-${randomUUID().slice(0, 8)}`;
    // Two instances on one database, as two processes would have: they share the counters.
    const makeLimiter = () =>
      createAuthRateLimiter(test.db.pool, { points: 3, durationSeconds: 60, keyPrefix });
    const first = makeLimiter();
    const second = makeLimiter();
    const limiterAt = (attempt: number) => both(attempt % 2 === 0 ? first : second);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      // Each attempt from a different address: the account's own counter is what stops it.
      const error = await refusal(
        signIn(
          test.db,
          provider,
          limiterAt(attempt),
          input(user.email, 'wrong-password-3', `192.0.2.${attempt + 1}`),
        ),
      );
      expect(error).toMatchObject({ code: 'AUTH_REQUIRED' });
    }
    const limited = await refusal(
      signIn(test.db, provider, limiterAt(3), input(user.email, PASSWORD, '192.0.2.99')),
    );
    expect(limited).toMatchObject({
      code: 'RATE_LIMITED',
      details: { retry_after_seconds: expect.any(Number) },
    });
    // The same for an email without an account: nothing tells the two apart.
    const unknown = `unknown-${randomUUID()}@example.test`;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await refusal(
        signIn(
          test.db,
          provider,
          limiterAt(attempt),
          input(unknown, PASSWORD, `192.0.2.${attempt + 10}`),
        ),
      );
    }
    expect(
      await refusal(
        signIn(test.db, provider, limiterAt(3), input(unknown, PASSWORD, '192.0.2.98')),
      ),
    ).toMatchObject({
      code: 'RATE_LIMITED',
    });
  });

  it('rate limits per IP across accounts', async () => {
    const limiter = freshLimiter(3);
    const ip = '192.0.2.200';
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await refusal(
        signIn(
          test.db,
          provider,
          limiter,
          input(`spray-${randomUUID()}@example.test`, PASSWORD, ip),
        ),
      );
    }
    const user = await userWithMemberships(1);
    expect(
      await refusal(signIn(test.db, provider, limiter, input(user.email, PASSWORD, ip))),
    ).toMatchObject({
      code: 'RATE_LIMITED',
    });
    // Another address is not affected.
    await signIn(test.db, provider, limiter, input(user.email, PASSWORD, '192.0.2.201'));
  });

  it('a successful sign-in clears the account counter', async () => {
    const user = await userWithMemberships(1);
    const limiter = freshLimiter(3);
    const ips = ['192.0.2.31', '192.0.2.32', '192.0.2.33', '192.0.2.34', '192.0.2.35'];
    await refusal(
      signIn(test.db, provider, limiter, input(user.email, 'wrong-password-4', ips[0])),
    );
    await refusal(
      signIn(test.db, provider, limiter, input(user.email, 'wrong-password-4', ips[1])),
    );
    await signIn(test.db, provider, limiter, input(user.email, PASSWORD, ips[2]));
    await refusal(
      signIn(test.db, provider, limiter, input(user.email, 'wrong-password-4', ips[3])),
    );
    await signIn(test.db, provider, limiter, input(user.email, PASSWORD, ips[4]));
  });

  it('counts failures only: colleagues behind one address sign in past the address limit', async () => {
    const ip = '192.0.2.150';
    const limiters = freshLimiter(3);
    const colleagues = await Promise.all([1, 2, 3, 4, 5].map(() => userWithMemberships(1)));
    for (const colleague of colleagues) {
      await signIn(test.db, provider, limiters, input(colleague.email, PASSWORD, ip));
    }
    // Three failures from that address use its allowance up, whoever they were for.
    for (const colleague of colleagues.slice(0, 3)) {
      await refusal(signIn(test.db, provider, limiters, input(colleague.email, 'typo-1', ip)));
    }
    const limited = await refusal(
      signIn(test.db, provider, limiters, input(colleagues[4]?.email ?? '', PASSWORD, ip)),
    );
    expect(limited).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('limits an IPv6 client by its /64, so rotating addresses in it does not help', async () => {
    const limiters = freshLimiter(3);
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const email = `spray-${randomUUID()}@example.test`;
      await refusal(
        signIn(test.db, provider, limiters, input(email, 'typo-3', `2001:db8:7::${attempt}`)),
      );
    }
    const user = await userWithMemberships(1);
    expect(
      await refusal(
        signIn(test.db, provider, limiters, input(user.email, PASSWORD, '2001:db8:7::99')),
      ),
    ).toMatchObject({ code: 'RATE_LIMITED' });
    // The neighbouring /64 is someone else.
    await signIn(test.db, provider, limiters, input(user.email, PASSWORD, '2001:db8:7:1::1'));
  });

  it('keeps separate allowances per account and per address', async () => {
    const limiters: SignInLimiters = {
      account: createAuthRateLimiter(test.db.pool, {
        points: 2,
        durationSeconds: 60,
        keyPrefix: `t-${randomUUID().slice(0, 8)}`,
      }),
      ip: createAuthRateLimiter(test.db.pool, {
        points: 4,
        durationSeconds: 60,
        keyPrefix: `t-${randomUUID().slice(0, 8)}`,
      }),
    };
    const ip = '192.0.2.160';
    const [first, second] = await Promise.all([userWithMemberships(1), userWithMemberships(1)]);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await refusal(signIn(test.db, provider, limiters, input(first.email, 'typo-2', ip)));
    }
    // The account has used its 2; the address has 2 of its 4 left, for another account.
    expect(
      await refusal(signIn(test.db, provider, limiters, input(first.email, PASSWORD, ip))),
    ).toMatchObject({ code: 'RATE_LIMITED' });
    await signIn(test.db, provider, limiters, input(second.email, PASSWORD, ip));
  });
});

describe('signOut', () => {
  it('revokes the session of the token, once', async () => {
    const user = await userWithMemberships(1);
    const { token } = await signIn(test.db, provider, freshLimiter(), input(user.email));
    expect(await signOut(test.db, { token })).toBe(true);
    expect(await authenticateSession(test.db, token)).toBeNull();
    expect(await signOut(test.db, { token })).toBe(false);
    expect(await signOut(test.db, { token: 'unknown' })).toBe(false);
  });
});
