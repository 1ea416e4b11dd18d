import { randomUUID } from 'node:crypto';
import type { Tx } from '@aiconnected/db';
import {
  createTestDatabase,
  seedMembership,
  seedUser,
  seedWorkspace,
  type SeededUser,
  type TestDatabase,
} from '@aiconnected/db/testing';
import {
  acceptInvitationWithOptions,
  authenticateSession,
  beginSessionImpersonation,
  createAuthRateLimiter,
  createLocalAuthProvider,
  createSession,
  describeSession,
  issueToken,
  listOwnSessions,
  revokeOwnSession,
  setPassword,
  signInWithOptions,
  type SignInLimiters,
} from '@aiconnected/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shellErrorCodeOf } from '../src/testing/shell-error-code-of';

// The one-call answers of the session endpoints (sign-in, invitation accept, own sessions,
// the current session), each against a real database.

let test: TestDatabase;
let superId: string;
const PASSWORD = 'correct horse battery staple';

beforeAll(async () => {
  test = await createTestDatabase();
  superId = (await seedWorkspace(test.admin, { type: 'super', parentId: null })).id;
});
afterAll(async () => {
  await test.drop();
});

const svc = <T>(fn: (tx: Tx) => Promise<T>) => test.db.withService('session answers test', fn);

const newAgency = async () =>
  seedWorkspace(test.admin, { type: 'agency', parentId: superId, name: `Agency ${randomUUID()}` });

/** An active agency_user of each of `agencies`, with a local password. */
async function member(...agencies: { id: string }[]): Promise<SeededUser> {
  const user = await seedUser(test.admin);
  await svc((tx) => setPassword(tx, { userId: user.id, password: PASSWORD }));
  for (const agency of agencies) {
    await seedMembership(test.admin, {
      role: 'agency_user',
      userId: user.id,
      workspaceId: agency.id,
    });
  }
  return user;
}

const newSession = (user: SeededUser, activeWorkspaceId: string | null) =>
  svc((tx) =>
    createSession(tx, {
      userId: user.id,
      activeWorkspaceId,
      ttlHours: 1,
      userAgent: null,
      ip: null,
    }),
  );

const limiters = (): SignInLimiters => {
  const limiter = createAuthRateLimiter(test.db.pool, {
    points: 50,
    durationSeconds: 60,
    keyPrefix: `answers-${randomUUID().slice(0, 8)}`,
  });
  return { account: limiter, ip: limiter };
};

describe('signInWithOptions', () => {
  it('answers with the token, the options and the default workspace when there is one', async () => {
    const agency = await newAgency();
    const user = await member(agency);
    const answer = await signInWithOptions(test.db, createLocalAuthProvider(), limiters(), {
      email: user.email,
      password: PASSWORD,
      ip: null,
      userAgent: 'vitest',
      ttlHours: 1,
      correlationId: randomUUID(),
    });
    expect(answer).toStrictEqual({
      session: {
        access_token: expect.any(String),
        expires_at: expect.any(String),
        user_id: user.id,
      },
      workspace_options: [
        { id: agency.id, name: agency.name, type: 'agency', role_template: 'agency_user' },
      ],
      default_workspace_id: agency.id,
    });
    const authenticated = await authenticateSession(test.db, answer.session.access_token);
    expect(authenticated?.session.expiresAt.toISOString()).toBe(answer.session.expires_at);
  });

  it('leaves the choice to the user with several options', async () => {
    const user = await member(await newAgency(), await newAgency());
    const answer = await signInWithOptions(test.db, createLocalAuthProvider(), limiters(), {
      email: user.email,
      password: PASSWORD,
      ip: null,
      userAgent: null,
      ttlHours: 1,
      correlationId: randomUUID(),
    });
    expect(answer.workspace_options).toHaveLength(2);
    expect(answer.default_workspace_id).toBeNull();
  });
});

describe('acceptInvitationWithOptions', () => {
  it('accepts, signs the person in and answers as a sign-in does', async () => {
    const agency = await newAgency();
    const invited = await seedUser(test.admin, { status: 'invited' });
    const { token } = await svc((tx) =>
      issueToken(tx, {
        purpose: 'invitation',
        userId: invited.id,
        workspaceId: agency.id,
        roleTemplate: 'agency_user',
        invitedEmail: invited.email,
        ttlMinutes: 60,
      }),
    );
    const answer = await acceptInvitationWithOptions(test.db, {
      token,
      password: PASSWORD,
      displayName: 'Ada',
      ip: null,
      userAgent: null,
      ttlHours: 1,
      correlationId: randomUUID(),
      failureLimiter: limiters().account,
    });
    expect(answer).toStrictEqual({
      status: 'accepted',
      session: {
        access_token: expect.any(String),
        expires_at: expect.any(String),
        user_id: invited.id,
      },
      workspace_options: [
        { id: agency.id, name: agency.name, type: 'agency', role_template: 'agency_user' },
      ],
      default_workspace_id: agency.id,
    });
    expect(await authenticateSession(test.db, answer.session.access_token)).not.toBeNull();
  });
});

describe('listOwnSessions and revokeOwnSession', () => {
  it("lists the user's live sessions, marking the current one, and nobody else's", async () => {
    const agency = await newAgency();
    const user = await member(agency);
    const current = await newSession(user, agency.id);
    const other = await newSession(user, null);
    await newSession(await member(agency), agency.id);

    const { items } = await listOwnSessions(test.db, current.session);
    expect(items.map(({ id, current: isCurrent }) => ({ id, isCurrent })).sort(byId)).toStrictEqual(
      [
        { id: current.session.id, isCurrent: true },
        { id: other.session.id, isCurrent: false },
      ].sort(byId),
    );
    expect(items.find((item) => item.id === current.session.id)).toStrictEqual({
      id: current.session.id,
      current: true,
      created_at: current.session.createdAt.toISOString(),
      last_seen_at: current.session.lastSeenAt.toISOString(),
      expires_at: current.session.expiresAt.toISOString(),
      user_agent: null,
      ip: null,
      active_workspace_id: agency.id,
      impersonating: false,
    });
  });

  it('revokes only a live session of the user; anything else is NOT_FOUND', async () => {
    const agency = await newAgency();
    const user = await member(agency);
    const current = await newSession(user, agency.id);
    const lost = await newSession(user, agency.id);
    const someoneElses = await newSession(await member(agency), agency.id);

    await revokeOwnSession(test.db, { userId: user.id, sessionId: lost.session.id });
    expect(await authenticateSession(test.db, lost.token)).toBeNull();
    expect(
      (await listOwnSessions(test.db, current.session)).items.map((item) => item.id),
    ).toStrictEqual([current.session.id]);

    const again = revokeOwnSession(test.db, { userId: user.id, sessionId: lost.session.id });
    expect(await shellErrorCodeOf(again)).toBe('NOT_FOUND');
    const foreign = revokeOwnSession(test.db, {
      userId: user.id,
      sessionId: someoneElses.session.id,
    });
    expect(await shellErrorCodeOf(foreign)).toBe('NOT_FOUND');
    expect(await authenticateSession(test.db, someoneElses.token)).not.toBeNull();
  });
});

describe('describeSession', () => {
  it('describes a session acting in a workspace', async () => {
    const agency = await newAgency();
    const user = await member(agency);
    const { token } = await newSession(user, agency.id);
    const authenticated = await authenticateSession(test.db, token);
    if (!authenticated) throw new Error('the new session does not authenticate');
    const { session, context } = authenticated;

    expect(await describeSession(test.db, { session, context })).toStrictEqual({
      user: { id: user.id, email: user.email, display_name: null },
      session: { id: session.id, expires_at: session.expiresAt.toISOString() },
      context,
      workspace_options: [
        { id: agency.id, name: agency.name, type: 'agency', role_template: 'agency_user' },
      ],
      destination: '/agency',
      impersonation: {
        active: false,
        actor_user_id: null,
        actor_workspace: null,
        target_workspace: null,
      },
    });
  });

  it('sends a session without a workspace to the selector', async () => {
    const user = await member(await newAgency(), await newAgency());
    const { token } = await newSession(user, null);
    const authenticated = await authenticateSession(test.db, token);
    if (!authenticated) throw new Error('the new session does not authenticate');

    const view = await describeSession(test.db, authenticated);
    expect(view.context).toBeNull();
    expect(view.destination).toBe('/select-workspace');
    expect(view.workspace_options).toHaveLength(2);
  });

  it('names both workspaces of an impersonation', async () => {
    const agency = await newAgency();
    const business = await seedWorkspace(test.admin, {
      type: 'business',
      parentId: agency.id,
      name: `Business ${randomUUID()}`,
    });
    const user = await member(agency);
    const { session } = await newSession(user, agency.id);
    const impersonating = await svc((tx) =>
      beginSessionImpersonation(tx, {
        sessionId: session.id,
        actorWorkspaceId: agency.id,
        targetWorkspaceId: business.id,
        reason: 'support ticket',
      }),
    );
    if (!impersonating) throw new Error('impersonation did not begin');

    const view = await describeSession(test.db, { session: impersonating, context: null });
    expect(view.impersonation).toStrictEqual({
      active: true,
      actor_user_id: user.id,
      actor_workspace: { id: agency.id, name: agency.name },
      target_workspace: { id: business.id, name: business.name },
    });
  });
});

function byId(a: { id: string }, b: { id: string }): number {
  return a.id.localeCompare(b.id);
}
