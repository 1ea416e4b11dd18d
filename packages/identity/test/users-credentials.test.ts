import { randomUUID } from 'node:crypto';
import { createDb } from '@aiconnected/db';
import { setupTestDatabase, type SeedUserStatus, type TestDatabase } from '@aiconnected/db/testing';
import { type RoleTemplate } from '@aiconnected/permissions';
import { type WorkspaceContext } from '@aiconnected/sdk-contracts';
import { describe, expect, it } from 'vitest';
import { actorFor, envelopeOf, correlation, uniqueEmail } from './support/user-actions';
import { createTestRateLimiter } from '../src/testing/test-rate-limiter';
import { createAuthRateLimiter, type AuthRateLimiter } from '../src/auth/create-auth-rate-limiter';
import { setPassword } from '../src/auth/set-password';
import { verifyPassword } from '../src/crypto/verify-password';
import { createMailer, type Mailer } from '../src/mail/create-mailer';
import { listMailbox } from '../src/mail/list-mailbox';
import { createSession } from '../src/sessions/create-session';
import { authenticateSession } from '@aiconnected/identity';
import { createResetLink } from '../src/users/create-reset-link';
import { requestEmailChange } from '../src/users/request-email-change';
import { requestPasswordReset } from '../src/users/request-password-reset';
import { setPasswordWithToken } from '../src/users/set-password-with-token';
import { verifyEmailChange } from '../src/users/verify-email-change';
import { cancelEmailChange } from '../src/users/cancel-email-change';
import {
  seedContextTree,
  seedTreeMember,
  type ContextFixture,
  type WorkspaceKey,
} from './context-fixture';

let test: TestDatabase;
let fixture: ContextFixture;
let mailer: Mailer;
/** For the calls that are not about limits. */
let testLimiter: AuthRateLimiter;
const BASE_URL = 'https://shell.test';
const OLD_PASSWORD = 'the old password, long';
const NEW_PASSWORD = 'the new password, longer';

setupTestDatabase(seedContextTree, (seeded) => {
  ({ database: test, tree: fixture } = seeded);
  mailer = createMailer({ transport: 'mailbox', from: 'no-reply@shell.test', db: test.db });
  testLimiter = createTestRateLimiter(test.db.pool);
});

const actor = actorFor(() => fixture);

const INVALID_LINK = {
  error: {
    code: 'SESSION_INVALID',
    message: 'This link is invalid or has expired.',
    correlation_id: 'corr-test',
  },
};

/** A new user with a password and one membership, seeded as the superuser. */
async function seedMemberWithPassword(
  workspace: WorkspaceKey,
  role: RoleTemplate,
  status?: SeedUserStatus,
) {
  const { userId, email } = await seedTreeMember(test, fixture, { in: workspace, role, status });
  await test.db.withService('test: password', (tx) =>
    setPassword(tx, { userId, password: OLD_PASSWORD }),
  );
  return { userId, email };
}

const mailsTo = (email: string) => listMailbox(test.db, { to: email, limit: 10 });

async function tokenMailedTo(email: string): Promise<string> {
  const [latest] = await mailsTo(email);
  const token = /token=([A-Za-z0-9_-]{43})/.exec(latest?.text_body ?? '')?.[1];
  if (!token) throw new Error(`no link mailed to ${email}`);
  return token;
}

const passwordIs = async (userId: string, password: string) => {
  const { rows } = await test.admin.query<{ password_hash: string }>(
    'select password_hash from public.user_credentials where user_id = $1',
    [userId],
  );
  return verifyPassword(rows[0]?.password_hash ?? '', password);
};

const auditActions = async (correlationId: string) =>
  (
    await test.admin.query<{ action: string; actor_user_id: string; target_id: string }>(
      'select action, actor_user_id, target_id from public.audit_logs where correlation_id = $1',
      [correlationId],
    )
  ).rows;

const forbiddenUser = (userId: string) => ({
  error: {
    code: 'WORKSPACE_FORBIDDEN',
    message: 'This user is outside the workspaces you manage.',
    details: { user_id: userId },
    correlation_id: 'corr-test',
  },
});

describe('createResetLink', () => {
  it('mails the user a reset link, returns neither token nor password, audits; the link sets a new password once', async () => {
    const target = await seedMemberWithPassword('A1', 'business_user');
    const { token: sessionToken } = await test.db.withService('test: session', (tx) =>
      createSession(tx, { userId: target.userId, activeWorkspaceId: null, ttlHours: 1 }),
    );
    const correlationId = correlation();
    const result = await createResetLink(test.db, mailer, {
      actor: actor('businessAdminA1', 'A1', 'business_admin'),
      userId: target.userId,
      baseUrl: BASE_URL,
      correlationId,
    });
    expect(result).toStrictEqual({ reset_status: 'sent' });
    expect(await auditActions(correlationId)).toStrictEqual([
      {
        action: 'user.password_reset_link',
        actor_user_id: fixture.userIds.businessAdminA1,
        target_id: target.userId,
      },
    ]);
    const token = await tokenMailedTo(target.email);
    expect((await mailsTo(target.email))[0]?.text_body).toContain(
      `${BASE_URL}/set-password?token=${token}`,
    );

    const completion = correlation();
    expect(
      await setPasswordWithToken(test.db, {
        failureLimiter: testLimiter,
        token,
        newPassword: NEW_PASSWORD,
        correlationId: completion,
      }),
    ).toStrictEqual({
      reset_status: 'completed',
    });
    expect(await passwordIs(target.userId, NEW_PASSWORD)).toBe(true);
    expect(await authenticateSession(test.db, sessionToken)).toBeNull();
    expect(await auditActions(completion)).toStrictEqual([
      {
        action: 'user.password_reset_completed',
        actor_user_id: target.userId,
        target_id: target.userId,
      },
    ]);
    expect(
      await envelopeOf(
        setPasswordWithToken(test.db, {
          failureLimiter: testLimiter,
          token,
          newPassword: 'yet another password',
        }),
      ),
    ).toStrictEqual(INVALID_LINK);
    expect(await passwordIs(target.userId, NEW_PASSWORD)).toBe(true);
  });

  it('refuses another tenant, a role without users.password.reset and a suspended user; no mail, no token', async () => {
    const target = await seedMemberWithPassword('A1', 'business_user');
    const suspended = await seedMemberWithPassword('A1', 'business_user', 'suspended');
    const cases: [WorkspaceContext, string, unknown][] = [
      [actor('agencyAdminB', 'B', 'agency_admin'), target.userId, forbiddenUser(target.userId)],
      [
        actor('businessAdminB1', 'B1', 'business_admin'),
        target.userId,
        forbiddenUser(target.userId),
      ],
      [
        actor('businessUserA1', 'A1', 'business_user'),
        target.userId,
        {
          error: {
            code: 'PERMISSION_DENIED',
            message: 'You do not have permission to do this.',
            details: { required_permission: 'users.password.reset' },
            correlation_id: 'corr-test',
          },
        },
      ],
      [
        actor('businessAdminA1', 'A1', 'business_admin'),
        suspended.userId,
        {
          error: {
            code: 'CONFLICT',
            message: 'This user is suspended. Reactivate the account before sending a reset link.',
            details: { reason: 'user_suspended' },
            correlation_id: 'corr-test',
          },
        },
      ],
    ];
    for (const [who, userId, expected] of cases) {
      expect(
        await envelopeOf(
          createResetLink(test.db, mailer, {
            actor: who,
            userId,
            baseUrl: BASE_URL,
            correlationId: correlation(),
          }),
        ),
      ).toStrictEqual(expected);
    }
    for (const { userId, email } of [target, suspended]) {
      expect(await mailsTo(email)).toStrictEqual([]);
      expect(
        (await test.admin.query('select 1 from public.auth_tokens where user_id = $1', [userId]))
          .rowCount,
      ).toBe(0);
    }
  });
});

describe('requestPasswordReset', () => {
  it('answers the same for a known and an unknown address and mails only the known one', async () => {
    const known = await seedMemberWithPassword('B1', 'business_user');
    const unknownEmail = uniqueEmail('nobody');
    const suspended = await seedMemberWithPassword('B1', 'business_user', 'suspended');
    const results = [];
    for (const email of [
      known.email.toUpperCase(),
      unknownEmail,
      suspended.email,
      'not an address',
    ]) {
      results.push(
        await requestPasswordReset(test.db, mailer, testLimiter, {
          email,
          baseUrl: BASE_URL,
          correlationId: correlation(),
        }),
      );
    }
    expect(results).toStrictEqual(Array(4).fill({ reset_status: 'requested' }));
    expect((await mailsTo(known.email)).map((mail) => mail.subject)).toStrictEqual([
      'Reset your password',
    ]);
    expect(await mailsTo(unknownEmail)).toStrictEqual([]);
    expect(await mailsTo(suspended.email)).toStrictEqual([]);

    await setPasswordWithToken(test.db, {
      failureLimiter: testLimiter,
      token: await tokenMailedTo(known.email),
      newPassword: NEW_PASSWORD,
    });
    expect(await passwordIs(known.userId, NEW_PASSWORD)).toBe(true);
  });

  it('rate limits known and unknown addresses alike', async () => {
    const limiter = createAuthRateLimiter(test.db.pool, {
      keyPrefix: `reset-${randomUUID().slice(0, 8)}`,
      points: 2,
      durationSeconds: 60,
    });
    const known = await seedMemberWithPassword('B1', 'business_user');
    for (const email of [known.email, uniqueEmail('nobody')]) {
      for (let attempt = 0; attempt < 2; attempt += 1) {
        await requestPasswordReset(test.db, mailer, limiter, {
          email,
          baseUrl: BASE_URL,
          correlationId: correlation(),
        });
      }
      const third = await envelopeOf(
        requestPasswordReset(test.db, mailer, limiter, {
          email,
          baseUrl: BASE_URL,
          correlationId: correlation(),
        }),
      );
      expect(third).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    }
    expect(await mailsTo(known.email)).toHaveLength(2);
  });

  it('refuses a weak password and an expired link', async () => {
    const user = await seedMemberWithPassword('B1', 'business_user');
    await requestPasswordReset(test.db, mailer, testLimiter, {
      email: user.email,
      baseUrl: BASE_URL,
      correlationId: correlation(),
    });
    const token = await tokenMailedTo(user.email);
    expect(
      await envelopeOf(
        setPasswordWithToken(test.db, { failureLimiter: testLimiter, token, newPassword: 'short' }),
      ),
    ).toMatchObject({
      error: {
        code: 'VALIDATION_BLOCKING',
        details: { field: 'new_password', reason: 'too_short' },
      },
    });
    await test.admin.query(
      `update public.auth_tokens set created_at = now() - interval '2 hours', expires_at = now() - interval '1 hour'
        where user_id = $1`,
      [user.userId],
    );
    expect(
      await envelopeOf(
        setPasswordWithToken(test.db, {
          failureLimiter: testLimiter,
          token,
          newPassword: NEW_PASSWORD,
        }),
      ),
    ).toStrictEqual(INVALID_LINK);
    expect(await passwordIs(user.userId, OLD_PASSWORD)).toBe(true);
  });
});

describe('requestEmailChange / verifyEmailChange', () => {
  const emailOf = async (userId: string) =>
    (
      await test.admin.query<{ email: string }>('select email from public.users where id = $1', [
        userId,
      ])
    ).rows[0]?.email;

  it('counts its limits without holding a connection: as many concurrent requests as the pool has connections all answer', async () => {
    const pool = 2;
    const db = createDb(test.url, { max: pool, connectionTimeoutMillis: 3000 });
    try {
      const limiter = createAuthRateLimiter(db.pool, {
        keyPrefix: 'test-email-change-pool',
        points: 10,
        durationSeconds: 60,
      });
      const users = await Promise.all(
        Array.from({ length: pool }, () => seedMemberWithPassword('A1', 'business_user')),
      );
      const answers = await Promise.all(
        users.map((user) =>
          requestEmailChange(db, mailer, limiter, {
            actor: { ...actor('businessUserA1', 'A1', 'business_user'), user_id: user.userId },
            userId: user.userId,
            newEmail: uniqueEmail('pool'),
            baseUrl: BASE_URL,
            correlationId: correlation(),
            ip: '203.0.113.9',
          }).then((answer) => answer.verification_status),
        ),
      );
      expect(answers).toStrictEqual(users.map(() => 'pending'));
    } finally {
      await db.close();
    }
  });

  it('self-service: mails the new address, changes nothing until verified, then moves the account once', async () => {
    const user = await seedMemberWithPassword('A1', 'business_user');
    const self: WorkspaceContext = {
      ...actor('businessUserA1', 'A1', 'business_user'),
      user_id: user.userId,
    };
    const newEmail = uniqueEmail('moved');
    const correlationId = correlation();
    const pending = await requestEmailChange(test.db, mailer, testLimiter, {
      actor: self,
      userId: user.userId,
      newEmail: newEmail.toUpperCase(),
      baseUrl: BASE_URL,
      correlationId,
    });
    expect(pending).toMatchObject({
      verification_status: 'pending',
      user: { id: user.userId, email: user.email },
    });
    expect(await emailOf(user.userId)).toBe(user.email);
    const [notice] = await mailsTo(user.email);
    expect(notice?.subject).toBe('Your account’s email address is about to change');
    expect(notice?.text_body).toContain(`${BASE_URL}/cancel-email-change?token=`);
    const token = await tokenMailedTo(newEmail);
    expect((await mailsTo(newEmail))[0]?.text_body).toContain(
      `${BASE_URL}/verify-email?token=${token}`,
    );
    expect(await auditActions(correlationId)).toStrictEqual([
      { action: 'user.email_change_requested', actor_user_id: user.userId, target_id: user.userId },
    ]);

    const verifyCorrelation = correlation();
    const verified = await verifyEmailChange(test.db, { token, correlationId: verifyCorrelation });
    expect(verified.user.email).toBe(newEmail);
    expect(await emailOf(user.userId)).toBe(newEmail);
    expect(await auditActions(verifyCorrelation)).toStrictEqual([
      { action: 'user.email_change_verified', actor_user_id: user.userId, target_id: user.userId },
    ]);
    expect(await envelopeOf(verifyEmailChange(test.db, { token }))).toStrictEqual(INVALID_LINK);
    // The change is no longer pending: the cancel link mailed to the old address is void.
    const cancelToken = await tokenMailedTo(user.email);
    expect(await envelopeOf(cancelEmailChange(test.db, { token: cancelToken }))).toStrictEqual(
      INVALID_LINK,
    );
  });

  it('the old address cancels a pending change: the verification link stops working, audited', async () => {
    const user = await seedMemberWithPassword('A1', 'business_user');
    const newEmail = uniqueEmail('hijack');
    await requestEmailChange(test.db, mailer, testLimiter, {
      actor: actor('agencyAdminA', 'A', 'agency_admin'),
      userId: user.userId,
      newEmail,
      baseUrl: BASE_URL,
      correlationId: correlation(),
    });
    const verifyToken = await tokenMailedTo(newEmail);
    const cancelToken = await tokenMailedTo(user.email);
    const correlationId = correlation();
    expect(await cancelEmailChange(test.db, { token: cancelToken, correlationId })).toStrictEqual({
      verification_status: 'cancelled',
    });
    expect(await auditActions(correlationId)).toStrictEqual([
      { action: 'user.email_change_cancelled', actor_user_id: user.userId, target_id: user.userId },
    ]);
    expect(await envelopeOf(verifyEmailChange(test.db, { token: verifyToken }))).toStrictEqual(
      INVALID_LINK,
    );
    expect(await emailOf(user.userId)).toBe(user.email);
    expect(await envelopeOf(cancelEmailChange(test.db, { token: cancelToken }))).toStrictEqual(
      INVALID_LINK,
    );
  });

  it('a taken address answers as a free one: its owner gets a notice, no link; taken before verification is CONFLICT', async () => {
    const user = await seedMemberWithPassword('A1', 'business_user');
    const taken = await seedMemberWithPassword('B1', 'business_user');
    const admin = actor('agencyAdminA', 'A', 'agency_admin');
    const takenEnvelope = {
      error: {
        code: 'CONFLICT',
        message: 'This email address is already in use.',
        details: { field: 'new_email', reason: 'email_taken' },
        correlation_id: 'corr-test',
      },
    };
    const answer = await requestEmailChange(test.db, mailer, testLimiter, {
      actor: admin,
      userId: user.userId,
      newEmail: taken.email,
      baseUrl: BASE_URL,
      correlationId: correlation(),
    });
    expect(answer).toMatchObject({ verification_status: 'pending', user: { email: user.email } });
    const [notice] = await mailsTo(taken.email);
    expect(notice?.subject).toBe('An email change named your address');
    expect(notice?.text_body).not.toContain('token=');
    expect((await mailsTo(user.email))[0]?.subject).toBe(
      'Your account’s email address is about to change',
    );

    const newEmail = uniqueEmail('race');
    await requestEmailChange(test.db, mailer, testLimiter, {
      actor: admin,
      userId: user.userId,
      newEmail,
      baseUrl: BASE_URL,
      correlationId: correlation(),
    });
    const token = await tokenMailedTo(newEmail);
    await test.admin.query(`insert into public.users (email, status) values ($1, 'invited')`, [
      newEmail,
    ]);
    expect(await envelopeOf(verifyEmailChange(test.db, { token }))).toStrictEqual(takenEnvelope);
    expect(await emailOf(user.userId)).toBe(user.email);
  });

  it('refuses another tenant and a role without users.email.update; nothing is mailed', async () => {
    const user = await seedMemberWithPassword('A1', 'business_user');
    const cases: [WorkspaceContext, unknown][] = [
      [actor('agencyAdminB', 'B', 'agency_admin'), forbiddenUser(user.userId)],
      [
        actor('businessUserA1', 'A1', 'business_user'),
        {
          error: {
            code: 'PERMISSION_DENIED',
            message: 'You do not have permission to do this.',
            details: { required_permission: 'users.email.update' },
            correlation_id: 'corr-test',
          },
        },
      ],
    ];
    for (const [who, expected] of cases) {
      const newEmail = uniqueEmail('refused');
      expect(
        await envelopeOf(
          requestEmailChange(test.db, mailer, testLimiter, {
            actor: who,
            userId: user.userId,
            newEmail,
            baseUrl: BASE_URL,
            correlationId: correlation(),
          }),
        ),
      ).toStrictEqual(expected);
      expect(await mailsTo(newEmail)).toStrictEqual([]);
    }
    expect(
      (await test.admin.query('select 1 from public.auth_tokens where user_id = $1', [user.userId]))
        .rowCount,
    ).toBe(0);
  });
});
