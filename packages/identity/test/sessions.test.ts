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
  beginSessionImpersonation,
  createSession,
  endSessionImpersonation,
  authenticateSession,
  authenticateSessionById,
  hashToken,
  listUserSessions,
  revokeSession,
  revokeUserSessions,
  switchWorkspace,
} from '@aiconnected/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let test: TestDatabase;
let superId: string;

beforeAll(async () => {
  test = await createTestDatabase();
  superId = (await seedWorkspace(test.admin, { type: 'super', parentId: null })).id;
});
afterAll(async () => {
  await test.drop();
});

const svc = <T>(fn: (tx: Tx) => Promise<T>) => test.db.withService('identity sessions test', fn);

async function newSession(user: SeededUser, activeWorkspaceId: string | null = null) {
  return svc((tx) =>
    createSession(tx, {
      userId: user.id,
      activeWorkspaceId,
      ttlHours: 168,
      userAgent: 'vitest',
      ip: '203.0.113.7',
    }),
  );
}

const find = async (token: string) => (await authenticateSession(test.db, token))?.session ?? null;

describe('createSession and authenticateSession', () => {
  it('returns the session with its user, and finds it by the token', async () => {
    const user = await seedUser(test.admin);
    const agency = (await seedWorkspace(test.admin, { type: 'agency', parentId: superId })).id;
    const before = Date.now();
    const { session, token } = await newSession(user, agency);

    expect(session).toStrictEqual({
      id: expect.any(String),
      userId: user.id,
      activeWorkspaceId: agency,
      impersonation: null,
      createdAt: expect.any(Date),
      lastSeenAt: expect.any(Date),
      expiresAt: expect.any(Date),
      userAgent: 'vitest',
      ip: '203.0.113.7',
      user: { id: user.id, email: user.email, displayName: null, status: 'active' },
    });
    const ttlMs = session.expiresAt.getTime() - session.createdAt.getTime();
    expect(ttlMs).toBe(168 * 3600 * 1000);
    expect(session.createdAt.getTime()).toBeGreaterThan(before - 60_000);
    expect(await find(token)).toStrictEqual(session);
  });

  it('stores only the sha256 of the token', async () => {
    const user = await seedUser(test.admin);
    const { session, token } = await newSession(user);
    const { rows } = await test.admin.query(
      'select to_jsonb(s)::text as row from public.sessions s where id = $1',
      [session.id],
    );
    expect(rows[0]?.row).not.toContain(token);
    expect(rows[0]?.row).toContain(hashToken(token));
  });

  it('keeps only a plain IP address and a bounded user agent', async () => {
    const user = await seedUser(test.admin);
    const { session } = await svc((tx) =>
      createSession(tx, {
        userId: user.id,
        activeWorkspaceId: null,
        ttlHours: 1,
        userAgent: 'x'.repeat(2000),
        ip: 'not-an-ip, 10.0.0.1',
      }),
    );
    expect(session.ip).toBeNull();
    expect(session.userAgent).toHaveLength(512);
    const v6 = await svc((tx) =>
      createSession(tx, {
        userId: user.id,
        activeWorkspaceId: null,
        ttlHours: 1,
        ip: '2001:db8::1',
      }),
    );
    expect(v6.session.ip).toBe('2001:db8::1');
  });

  it('finds nothing for an unknown, malformed or empty token', async () => {
    expect(await find('A'.repeat(43))).toBeNull();
    expect(await find('not a token')).toBeNull();
    expect(await find('')).toBeNull();
  });

  it('finds nothing once the session has expired', async () => {
    const user = await seedUser(test.admin);
    const { session, token } = await newSession(user);
    await test.admin.query(
      "update public.sessions set created_at = now() - interval '2 hours', expires_at = now() - interval '1 second' where id = $1",
      [session.id],
    );
    expect(await find(token)).toBeNull();
    expect(await svc((tx) => listUserSessions(tx, user.id))).toStrictEqual([]);
  });

  it.each(['suspended', 'invited'] as const)(
    'finds nothing while the user is %s, and again once active',
    async (status) => {
      const user = await seedUser(test.admin);
      const { token } = await newSession(user);
      await test.admin.query('update public.users set status = $2 where id = $1', [
        user.id,
        status,
      ]);
      expect(await find(token)).toBeNull();
      await test.admin.query("update public.users set status = 'active' where id = $1", [user.id]);
      expect(await find(token)).not.toBeNull();
    },
  );

  it('records activity in last_seen_at at most once a minute', async () => {
    const user = await seedUser(test.admin);
    const { session, token } = await newSession(user);
    const setLastSeen = (sql: string) =>
      test.admin.query(
        `update public.sessions set last_seen_at = ${sql} where id = $1 returning last_seen_at`,
        [session.id],
      );
    const recent = (await setLastSeen("now() - interval '30 seconds'")).rows[0]
      ?.last_seen_at as Date;
    expect((await find(token))?.lastSeenAt).toStrictEqual(recent);

    await setLastSeen("now() - interval '5 minutes'");
    const found = await find(token);
    expect(Date.now() - (found?.lastSeenAt.getTime() ?? 0)).toBeLessThan(10_000);
    const { rows } = await test.admin.query(
      'select last_seen_at from public.sessions where id = $1',
      [session.id],
    );
    expect(rows[0]?.last_seen_at).toStrictEqual(found?.lastSeenAt);
  });
});

describe('authenticateSessionById (a module UI token names its session by id)', () => {
  it('answers as authenticateSession does for the token, context and memberships included', async () => {
    const user = await seedUser(test.admin);
    const agency = (await seedWorkspace(test.admin, { type: 'agency', parentId: superId })).id;
    await seedMembership(test.admin, {
      workspaceId: agency,
      userId: user.id,
      role: 'agency_admin',
    });
    const { session, token } = await newSession(user, agency);
    const byToken = await authenticateSession(test.db, token);
    expect(byToken?.context?.workspace_id).toBe(agency);
    expect(byToken?.memberships).toHaveLength(1);
    expect(await authenticateSessionById(test.db, session.id)).toStrictEqual(byToken);
  });

  it('finds nothing for a revoked or expired session, an inactive user, or an unknown id', async () => {
    const user = await seedUser(test.admin);
    const revoked = await newSession(user);
    await svc((tx) => revokeSession(tx, { sessionId: revoked.session.id, userId: user.id }));
    expect(await authenticateSessionById(test.db, revoked.session.id)).toBeNull();

    const expired = await newSession(user);
    await test.admin.query(
      "update public.sessions set created_at = now() - interval '2 hours', expires_at = now() - interval '1 second' where id = $1",
      [expired.session.id],
    );
    expect(await authenticateSessionById(test.db, expired.session.id)).toBeNull();

    const live = await newSession(user);
    await test.admin.query("update public.users set status = 'suspended' where id = $1", [user.id]);
    expect(await authenticateSessionById(test.db, live.session.id)).toBeNull();
    await test.admin.query("update public.users set status = 'active' where id = $1", [user.id]);
    expect((await authenticateSessionById(test.db, live.session.id))?.session.id).toBe(
      live.session.id,
    );

    expect(await authenticateSessionById(test.db, '00000000-0000-4000-8000-000000000000')).toBe(
      null,
    );
    expect(await authenticateSessionById(test.db, 'not-a-uuid')).toBeNull();
  });
});

describe('revoking', () => {
  it("revokes only the owner's session, once", async () => {
    const owner = await seedUser(test.admin);
    const other = await seedUser(test.admin);
    const { session, token } = await newSession(owner);

    expect(await svc((tx) => revokeSession(tx, { sessionId: session.id, userId: other.id }))).toBe(
      false,
    );
    expect(await find(token)).not.toBeNull();
    expect(await svc((tx) => revokeSession(tx, { sessionId: session.id, userId: owner.id }))).toBe(
      true,
    );
    expect(await find(token)).toBeNull();
    expect(await svc((tx) => revokeSession(tx, { sessionId: session.id, userId: owner.id }))).toBe(
      false,
    );
  });

  it('lists the live sessions of a user and revokes them all', async () => {
    const user = await seedUser(test.admin);
    const stranger = await seedUser(test.admin);
    const a = await newSession(user);
    const b = await newSession(user);
    const revoked = await newSession(user);
    const foreign = await newSession(stranger);
    await svc((tx) => revokeSession(tx, { sessionId: revoked.session.id, userId: user.id }));
    await test.admin.query(
      "update public.sessions set last_seen_at = now() - interval '1 hour' where id = $1",
      [a.session.id],
    );

    const listed = await svc((tx) => listUserSessions(tx, user.id));
    expect(listed.map((s) => s.id)).toStrictEqual([b.session.id, a.session.id]);

    expect(await svc((tx) => revokeUserSessions(tx, user.id))).toBe(2);
    expect(await find(a.token)).toBeNull();
    expect(await find(b.token)).toBeNull();
    expect(await svc((tx) => listUserSessions(tx, user.id))).toStrictEqual([]);
    expect(await find(foreign.token)).not.toBeNull();
  });
});

describe('workspace and impersonation', () => {
  it('begins impersonation into the target and ends it back in the actor workspace', async () => {
    const user = await seedUser(test.admin);
    const target = (await seedWorkspace(test.admin, { type: 'agency', parentId: superId })).id;
    const { session, token } = await newSession(user, superId);
    const begin = (sessionId: string, actor = superId) =>
      svc((tx) =>
        beginSessionImpersonation(tx, {
          sessionId,
          actorWorkspaceId: actor,
          targetWorkspaceId: target,
          reason: '  Support ticket 42  ',
        }),
      );

    const impersonating = await begin(session.id);
    expect(impersonating).toStrictEqual({
      ...session,
      activeWorkspaceId: target,
      impersonation: {
        actorWorkspaceId: superId,
        targetWorkspaceId: target,
        reason: 'Support ticket 42',
        startedAt: expect.any(Date),
      },
    });
    expect(await find(token)).toStrictEqual(impersonating);

    // Never nested, and no workspace switch while impersonating, even for a caller holding
    // the session as it was before (the database re-checks under the row lock).
    expect(await begin(session.id, target)).toBeNull();
    await expect(
      switchWorkspace(test.db, { session, workspaceId: superId, correlationId: 'stale-switch' }),
    ).rejects.toMatchObject({ code: 'SESSION_INVALID' });
    expect(await find(token)).toStrictEqual(impersonating);

    const ended = await svc((tx) => endSessionImpersonation(tx, session.id));
    expect(ended).toStrictEqual(session);
    expect(await find(token)).toStrictEqual(session);
    expect(await svc((tx) => endSessionImpersonation(tx, session.id))).toBeNull();
  });

  it('refuses to begin from a workspace the session is not acting in, into itself, or on a revoked session', async () => {
    const user = await seedUser(test.admin);
    const agency = (await seedWorkspace(test.admin, { type: 'agency', parentId: superId })).id;
    const { session } = await newSession(user, superId);
    const begin = (actor: string, target: string) =>
      svc((tx) =>
        beginSessionImpersonation(tx, {
          sessionId: session.id,
          actorWorkspaceId: actor,
          targetWorkspaceId: target,
          reason: 'x',
        }),
      );
    expect(await begin(agency, agency)).toBeNull();
    expect(await begin(superId, superId)).toBeNull();
    await svc((tx) => revokeSession(tx, { sessionId: session.id, userId: user.id }));
    expect(await begin(superId, agency)).toBeNull();
  });

  it('requires a reason', async () => {
    const user = await seedUser(test.admin);
    const agency = (await seedWorkspace(test.admin, { type: 'agency', parentId: superId })).id;
    const { session } = await newSession(user, superId);
    await expect(
      svc((tx) =>
        beginSessionImpersonation(tx, {
          sessionId: session.id,
          actorWorkspaceId: superId,
          targetWorkspaceId: agency,
          reason: '   ',
        }),
      ),
    ).rejects.toMatchObject({
      code: 'VALIDATION_BLOCKING',
      details: { field: 'reason', max_length: 500 },
    });
  });

  it('keeps the four impersonation columns all set or all null in the database', async () => {
    const user = await seedUser(test.admin);
    const { session } = await newSession(user, superId);
    await expect(
      test.admin.query("update public.sessions set impersonation_reason = 'half' where id = $1", [
        session.id,
      ]),
    ).rejects.toMatchObject({
      code: '23514',
      constraint: 'sessions_impersonation_all_or_none_check',
    });
  });
});
