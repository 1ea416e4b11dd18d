import { randomUUID } from 'node:crypto';
import {
  createTestDatabase,
  seedMembership,
  seedUser,
  seedWorkspace,
  type TestDatabase,
} from '@aiconnected/db/testing';
import {
  changePassword,
  createAuthRateLimiter,
  createLocalAuthProvider,
  createSession,
  setPassword,
  type AuthProvider,
  type SessionRecord,
} from '@aiconnected/identity';
import { ShellError } from '@aiconnected/sdk-contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let test: TestDatabase;
let agencyId: string;
const local = createLocalAuthProvider();
const PASSWORD = 'Orchard-lantern-4412';
const NEW_PASSWORD = 'Tidal-okra-1957-violin';

beforeAll(async () => {
  test = await createTestDatabase();
  const superId = (await seedWorkspace(test.admin, { type: 'super', parentId: null })).id;
  agencyId = (await seedWorkspace(test.admin, { type: 'agency', parentId: superId })).id;
});
afterAll(async () => {
  await test.drop();
});

const limiter = () =>
  createAuthRateLimiter(test.db.pool, {
    points: 10,
    durationSeconds: 60,
    keyPrefix: `t-${randomUUID().slice(0, 8)}`,
  });

/** An active agency member with PASSWORD and a live session. */
async function signedInUser(): Promise<SessionRecord> {
  const user = await seedUser(test.admin);
  await seedMembership(test.admin, { role: 'agency_user', userId: user.id, workspaceId: agencyId });
  return test.db.withService('test: session', async (tx) => {
    await setPassword(tx, { userId: user.id, password: PASSWORD });
    const { session } = await createSession(tx, {
      userId: user.id,
      activeWorkspaceId: agencyId,
      ttlHours: 1,
    });
    return session;
  });
}

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

/** Whether PASSWORD still opens the account (nothing changed). */
async function oldPasswordWorks(session: SessionRecord): Promise<boolean> {
  const found = await local.authenticate(test.db, {
    email: session.user.email,
    password: PASSWORD,
  });
  return found?.userId === session.userId;
}

describe('changePassword', () => {
  it('refuses while impersonating, changing nothing', async () => {
    const session = await signedInUser();
    const impersonating: SessionRecord = {
      ...session,
      impersonation: {
        actorWorkspaceId: agencyId,
        targetWorkspaceId: agencyId,
        reason: 'test',
        startedAt: new Date(),
      },
    };
    const error = await refusal(
      changePassword(test.db, local, limiter(), {
        session: impersonating,
        currentPassword: PASSWORD,
        newPassword: NEW_PASSWORD,
        correlationId: 'c',
      }),
    );
    expect((error as ShellError).toEnvelope('c')).toStrictEqual({
      error: {
        code: 'PERMISSION_DENIED',
        message: 'Stop impersonating to change your own password.',
        details: { reason: 'impersonating' },
        correlation_id: 'c',
      },
    });
    expect(await oldPasswordWorks(session)).toBe(true);
  });

  it('refuses when the password lives with an external provider, changing nothing', async () => {
    const session = await signedInUser();
    const supabase: AuthProvider = { kind: 'supabase', authenticate: local.authenticate };
    const error = await refusal(
      changePassword(test.db, supabase, limiter(), {
        session,
        currentPassword: PASSWORD,
        newPassword: NEW_PASSWORD,
        correlationId: 'c',
      }),
    );
    expect((error as ShellError).toEnvelope('c')).toStrictEqual({
      error: {
        code: 'PERMISSION_DENIED',
        message: 'Your password is managed by your sign-in provider: change it there.',
        details: { reason: 'external_auth_provider' },
        correlation_id: 'c',
      },
    });
    expect(await oldPasswordWorks(session)).toBe(true);
  });

  it('changes it with the current password and says how many other sessions were signed out', async () => {
    const session = await signedInUser();
    expect(
      await changePassword(test.db, local, limiter(), {
        session,
        currentPassword: PASSWORD,
        newPassword: NEW_PASSWORD,
        correlationId: 'c',
      }),
    ).toStrictEqual({ password_status: 'changed', revoked_sessions: 0 });
    expect(await oldPasswordWorks(session)).toBe(false);
  });
});
