import { randomUUID } from 'node:crypto';
import {
  createChannelHub,
  createNotifiedCache,
  type ChannelHub,
  type ChannelListener,
} from '@aiconnected/db';
import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import {
  authenticateSession,
  createSession,
  createSessionCache,
  revokeSession,
  signOut,
  startImpersonation,
  stopImpersonation,
  switchWorkspace,
  SESSION_CHANGED_CHANNEL,
  type AuthenticatedSession,
  type SessionCache,
} from '@aiconnected/identity';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  seedContextTree,
  type ContextFixture,
  type UserKey,
  type WorkspaceKey,
} from './context-fixture';

// Longer than any test: an entry that is still served after a change was not invalidated.
const TTL_MS = 60_000;
// A notification arrives within milliseconds; this only bounds a failing test (generously, for a
// loaded machine; still well under TTL_MS, so an expiry cannot pass for a notification).
const NOTIFIED_WITHIN = { timeout: 15_000, interval: 5 };
// A listener that failed comes back after its retry backoff (at most 5 s) and one proof.
const RECOVERS_WITHIN = { timeout: 15_000, interval: 10 };

let test: TestDatabase;
let fixture: ContextFixture;
/** The process whose request made the change: it forgets everything before answering. */
let near: SessionCache;
/** Another process (or worker): it learns of the change only through NOTIFY. */
let far: SessionCache;

/** The listening connections of this file's caches, each a hub of its own (as each process has). */
const LISTENER_NAME = 'session-cache-test-listener';
const ownHub = () => createChannelHub(test.db, { applicationName: LISTENER_NAME });

beforeAll(async () => {
  test = await createTestDatabase();
  fixture = await seedContextTree(test);
  near = createSessionCache(test.db, { hub: ownHub(), ttlMs: TTL_MS });
  far = createSessionCache(test.db, { hub: ownHub(), ttlMs: TTL_MS });
  near.listen();
  far.listen();
  await vi.waitFor(() => expect(near.active && far.active).toBe(true), NOTIFIED_WITHIN);
});
afterAll(async () => {
  await near.close();
  await far.close();
  await test.drop();
});

/** How many statements the request pool ran during `fn` (the listeners have their own connections). */
async function queriesDuring(fn: () => Promise<unknown>): Promise<number> {
  const spy = vi.spyOn(test.db.pool, 'query');
  try {
    await fn();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

/**
 * Reads `token` through `cache`, then checks the next read is served from memory. Polled: with
 * a heartbeat of a few hundred ms, a step a loaded machine slows turns the cache off for a
 * moment and clears it, so one read-then-check could meet that instead of the cache's rule.
 */
function servedFromMemory(cache: SessionCache, token: string): Promise<void> {
  return vi.waitFor(async () => {
    await cache.authenticate(token);
    expect(await queriesDuring(() => cache.authenticate(token))).toBe(0);
  }, RECOVERS_WITHIN);
}

/**
 * `hub`, counting the heartbeats of what listens through it: every run of a subscriber's
 * `verify` (the session cache's trigger check, on each proof) is numbered as it starts, and
 * `checkedSince(n)` says whether one numbered above `n` has finished.
 */
function countingHub(hub: ChannelHub) {
  let started = 0;
  let lastFinished = 0;
  const counting: ChannelHub = {
    listen(channel, handlers, options = {}) {
      const { verify } = options;
      return hub.listen(channel, handlers, {
        ...options,
        verify:
          verify &&
          (async (client) => {
            const seq = (started += 1);
            try {
              await verify(client);
            } finally {
              lastFinished = Math.max(lastFinished, seq);
            }
          }),
      });
    },
  };
  return {
    hub: counting,
    get started() {
      return started;
    },
    checkedSince: (n: number) => lastFinished > n,
  };
}

/**
 * The heartbeat is `heartbeatMs`, not the 5 s default: two more trigger checks come well within
 * 5 s (at the default, consecutive checks are at least 5 s apart, so this cannot pass).
 */
async function beatsFasterThanDefault(counted: ReturnType<typeof countingHub>): Promise<void> {
  const from = counted.started;
  await vi.waitFor(() => expect(counted.started).toBeGreaterThanOrEqual(from + 2), {
    timeout: 4500,
    interval: 5,
  });
}

/**
 * After a trigger was disabled: the first trigger check that started after it finishes with
 * `cache` off (it cannot pass). Counted in heartbeats, not wall time: the wait only bounds a
 * failing test.
 */
async function offAtNextCheck(
  counted: ReturnType<typeof countingHub>,
  cache: SessionCache,
  disabledAfter: number,
): Promise<void> {
  await vi.waitFor(() => expect(counted.checkedSince(disabledAfter)).toBe(true), RECOVERS_WITHIN);
  // The check's failure turns the subscriber off in the same tick (promise callbacks).
  expect(cache.active).toBe(false);
}

/** How many pool clients (transactions) were taken during `fn`. */
async function clientsDuring(fn: () => Promise<unknown>): Promise<number> {
  const spy = vi.spyOn(test.db.pool, 'connect');
  try {
    await fn();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

interface Signed extends AuthenticatedSession {
  token: string;
}

/** A new session of `user` acting in `workspace`, as the guard resolves it without a cache. */
async function signIn(user: UserKey, workspace: WorkspaceKey): Promise<Signed> {
  const { token } = await test.db.withService('session cache test: sign in', (tx) =>
    createSession(tx, {
      userId: fixture.userIds[user],
      activeWorkspaceId: fixture.workspaceIds[workspace],
      ttlHours: 1,
    }),
  );
  const resolved = await authenticateSession(test.db, token);
  if (!resolved) throw new Error('the new session is not live');
  return { token, ...resolved };
}

/**
 * Caches `token`'s answer in both processes: asking again runs no statement. Polled: the
 * notification of a change made just before may still evict what is read first.
 */
async function warm(token: string): Promise<void> {
  await vi.waitFor(async () => {
    const answer = await near.authenticate(token);
    await far.authenticate(token);
    const again = await queriesDuring(async () => {
      expect(await near.authenticate(token)).toStrictEqual(answer);
      expect(await far.authenticate(token)).toStrictEqual(answer);
    });
    expect(again).toBe(0);
  }, NOTIFIED_WITHIN);
}

const admin = (sql: string, values: unknown[]) => test.admin.query(sql, values);
const ws = (key: WorkspaceKey) => fixture.workspaceIds[key];
const uid = (key: UserKey) => fixture.userIds[key];

interface Change {
  name: string;
  user: UserKey;
  workspace: WorkspaceKey;
  /** Brings the session into the state the change starts from (before the caches see it). */
  prepare?(signed: Signed): Promise<Signed>;
  change(signed: Signed): Promise<unknown>;
  /** What the guard must answer once the change is committed. */
  expectAfter(answer: AuthenticatedSession | null): void;
}

const CHANGES: Change[] = [
  {
    name: 'revoking the session',
    user: 'agencyUserA',
    workspace: 'A',
    change: (s) =>
      test.db.withService('test: revoke', (tx) =>
        revokeSession(tx, { sessionId: s.session.id, userId: s.session.userId }),
      ),
    expectAfter: (answer) => expect(answer).toBeNull(),
  },
  {
    name: 'signing out',
    user: 'agencyManagerA',
    workspace: 'A',
    change: (s) => signOut(test.db, { token: s.token }),
    expectAfter: (answer) => expect(answer).toBeNull(),
  },
  {
    name: 'suspending the user',
    user: 'businessAdminA1',
    workspace: 'A1',
    change: () =>
      admin(`update public.users set status = 'suspended' where id = $1`, [uid('businessAdminA1')]),
    expectAfter: (answer) => expect(answer).toBeNull(),
  },
  {
    name: 'deactivating the membership',
    user: 'businessManagerA1',
    workspace: 'A1',
    change: () =>
      admin(`update public.workspace_memberships set active = false where user_id = $1`, [
        uid('businessManagerA1'),
      ]),
    expectAfter: (answer) => {
      expect(answer?.session.userId).toBe(uid('businessManagerA1'));
      expect(answer?.context).toBeNull();
    },
  },
  {
    name: 'deleting the membership',
    user: 'agencyAdminB',
    workspace: 'B',
    change: () =>
      admin(`delete from public.workspace_memberships where user_id = $1`, [uid('agencyAdminB')]),
    expectAfter: (answer) => expect(answer?.context).toBeNull(),
  },
  {
    name: 'adding a membership (a context widens too)',
    user: 'agencyUserA',
    workspace: 'A1',
    change: () =>
      admin(
        `insert into public.workspace_memberships (workspace_id, user_id, role_template)
         values ($1, $2, 'business_user')`,
        [ws('A1'), uid('agencyUserA')],
      ),
    expectAfter: (answer) => expect(answer?.context?.workspace_id).toBe(ws('A1')),
  },
  {
    name: 'turning a capability override from allow to deny',
    user: 'businessUserA1',
    workspace: 'A1',
    change: () =>
      admin(
        `update public.membership_permissions mp set allow = false
           from public.workspace_memberships m where m.id = mp.membership_id and m.user_id = $1`,
        [uid('businessUserA1')],
      ),
    expectAfter: (answer) => {
      expect(answer?.context?.workspace_id).toBe(ws('A1'));
      expect(answer?.context?.permissions).not.toContain('branding.edit');
    },
  },
  {
    name: 'suspending the workspace',
    user: 'businessAdminB1',
    workspace: 'B1',
    change: () =>
      admin(`update public.workspaces set status = 'suspended' where id = $1`, [ws('B1')]),
    expectAfter: (answer) => expect(answer?.context).toBeNull(),
  },
  {
    name: 'switching workspace',
    user: 'agencyAndBusiness',
    workspace: 'A1',
    change: (s) =>
      switchWorkspace(test.db, {
        session: s.session,
        workspaceId: ws('A'),
        correlationId: randomUUID(),
      }),
    expectAfter: (answer) => expect(answer?.context?.workspace_id).toBe(ws('A')),
  },
  {
    name: 'starting to impersonate',
    user: 'superAdmin',
    workspace: 'S',
    change: (s) =>
      startImpersonation(test.db, {
        session: s.session,
        context: mustHaveContext(s),
        targetWorkspaceId: ws('A2'),
        reason: 'session cache test',
        correlationId: randomUUID(),
      }),
    expectAfter: (answer) => {
      expect(answer?.context?.workspace_id).toBe(ws('A2'));
      expect(answer?.context?.impersonation.active).toBe(true);
    },
  },
  {
    name: 'stopping impersonation',
    user: 'superAdmin',
    workspace: 'S',
    async prepare(s) {
      await startImpersonation(test.db, {
        session: s.session,
        context: mustHaveContext(s),
        targetWorkspaceId: ws('A2'),
        reason: 'session cache test',
        correlationId: randomUUID(),
      });
      const resolved = await authenticateSession(test.db, s.token);
      if (!resolved) throw new Error('the impersonating session is not live');
      return { token: s.token, ...resolved };
    },
    change: (s) => stopImpersonation(test.db, { session: s.session, correlationId: randomUUID() }),
    expectAfter: (answer) => {
      expect(answer?.context?.workspace_id).toBe(ws('S'));
      expect(answer?.context?.impersonation.active).toBe(false);
    },
  },
];

function mustHaveContext(signed: Signed) {
  if (!signed.context) throw new Error('expected a context');
  return signed.context;
}

describe('session cache (docs/identity.md "Session cache")', () => {
  it('answers a repeated token from memory, without a statement', async () => {
    const { token, session, context, memberships } = await signIn('agencyAdminA', 'A');
    const first = await near.authenticate(token);
    expect(first).toStrictEqual({ session, context, memberships });
    expect(await queriesDuring(() => near.authenticate(token))).toBe(0);
    expect(await near.authenticate(token)).toBe(first);
  });

  it('answers a repeated session id (a module UI token) from memory, forgotten through NOTIFY', async () => {
    const signed = await signIn('agencyAdminA', 'A');
    const first = await far.authenticateById(signed.session.id);
    expect(first).toStrictEqual(await authenticateSession(test.db, signed.token));
    // Read in a service transaction (a pool client): none taken when answered from memory.
    expect(await clientsDuring(() => far.authenticateById(signed.session.id))).toBe(0);
    // Unknown ids stay database questions.
    const unknown = randomUUID();
    expect(await far.authenticateById(unknown)).toBeNull();
    expect(await clientsDuring(() => far.authenticateById(unknown))).toBe(1);
    // Revoked elsewhere: the session's notification evicts it in this process too.
    await test.db.withService('session cache test: revoke', (tx) =>
      revokeSession(tx, { sessionId: signed.session.id, userId: signed.session.userId }),
    );
    await vi.waitFor(
      async () => expect(await far.authenticateById(signed.session.id)).toBeNull(),
      NOTIFIED_WITHIN,
    );
  });

  it('never caches an unknown token', async () => {
    const unknown = 'x'.repeat(43);
    expect(await near.authenticate(unknown)).toBeNull();
    expect(await queriesDuring(() => near.authenticate(unknown))).toBe(1);
  });

  it.each(CHANGES)(
    '$name: seen at once after clear() and through NOTIFY by another process',
    async (spec) => {
      let signed = await signIn(spec.user, spec.workspace);
      if (spec.prepare) signed = await spec.prepare(signed);
      await warm(signed.token);

      await spec.change(signed);

      // This process: its write rule (clear before answering) makes the next request see it.
      near.clear();
      spec.expectAfter(await near.authenticate(signed.token));
      // Another process: the commit's notification evicts the entry; no fixed sleep.
      await vi.waitFor(
        async () => spec.expectAfter(await far.authenticate(signed.token)),
        NOTIFIED_WITHIN,
      );
    },
  );

  it('keeps at most maxEntries, and a user notification evicts every session of the user', async () => {
    const small = createSessionCache(test.db, { hub: ownHub(), ttlMs: TTL_MS, maxEntries: 2 });
    small.listen();
    try {
      await vi.waitFor(() => expect(small.active).toBe(true), NOTIFIED_WITHIN);
      const tokens = [
        (await signIn('agencyAdminA', 'A')).token,
        (await signIn('agencyAdminA', 'A')).token,
        (await signIn('superUser', 'S')).token,
      ];
      for (const token of tokens) await small.authenticate(token);
      expect(small.size).toBe(2);
      // The first (least recently used) went; the other two are kept.
      expect(await queriesDuring(() => small.authenticate(tokens[1] ?? ''))).toBe(0);
      expect(await queriesDuring(() => small.authenticate(tokens[0] ?? ''))).toBe(1);
      // Now the two sessions of agencyAdminA are kept: renaming the user evicts both.
      await admin(`update public.users set display_name = 'Renamed twice' where id = $1`, [
        uid('agencyAdminA'),
      ]);
      await vi.waitFor(() => expect(small.size).toBe(0), NOTIFIED_WITHIN);
      const renamed = await small.authenticate(tokens[1] ?? '');
      expect(renamed?.session.user.displayName).toBe('Renamed twice');
    } finally {
      await small.close();
    }
  });

  it('does not keep an answer read while something was invalidated', async () => {
    const { token } = await signIn('agencyAdminA', 'A');
    const cache = createSessionCache(test.db, { hub: ownHub(), ttlMs: TTL_MS });
    cache.listen();
    await vi.waitFor(() => expect(cache.active).toBe(true), NOTIFIED_WITHIN);
    try {
      const reading = cache.authenticate(token);
      cache.clear(); // a change committed while the answer was on its way
      expect(await reading).not.toBeNull();
      expect(await queriesDuring(() => cache.authenticate(token))).toBe(1);
      expect(await queriesDuring(() => cache.authenticate(token))).toBe(0);
    } finally {
      await cache.close();
    }
  });

  it('keeps an entry no longer than the session lives', async () => {
    const { token, session } = await signIn('agencyAdminA', 'A');
    await admin(
      `update public.sessions set expires_at = now() + interval '300 milliseconds' where id = $1`,
      [session.id],
    );
    const answer = await far.authenticate(token);
    expect(answer?.session.expiresAt.getTime()).toBeLessThan(Date.now() + 1000);
    await vi.waitFor(async () => expect(await far.authenticate(token)).toBeNull(), NOTIFIED_WITHIN);
  });

  it('evicts nothing for a heartbeat probe, whichever process sent it', async () => {
    const kept = await signIn('agencyAdminA', 'A');
    const evicted = await signIn('superUser', 'S');
    await warm(kept.token);
    await warm(evicted.token);
    await test.admin.query('select pg_notify($1, $2)', [SESSION_CHANGED_CHANNEL, 'probe:other']);
    // Delivered in order: once this one evicted its entry, the probe was handled before it.
    await test.admin.query('select pg_notify($1, $2)', [
      SESSION_CHANGED_CHANNEL,
      `session:${evicted.session.id}`,
    ]);
    await vi.waitFor(async () => {
      expect(await queriesDuring(() => far.authenticate(evicted.token))).toBe(1);
    }, NOTIFIED_WITHIN);
    expect(await queriesDuring(() => far.authenticate(kept.token))).toBe(0);
  });

  it('is bypassed until its listener is connected, and with a TTL of 0', async () => {
    const { token } = await signIn('agencyAdminA', 'A');
    const notListening = createSessionCache(test.db, { hub: ownHub(), ttlMs: TTL_MS });
    const disabled = createSessionCache(test.db, { hub: ownHub(), ttlMs: 0 });
    disabled.listen();
    for (const cache of [notListening, disabled]) {
      expect(cache.active).toBe(false);
      expect(await cache.authenticate(token)).not.toBeNull();
      expect(await queriesDuring(() => cache.authenticate(token))).toBe(1);
      expect(cache.size).toBe(0);
    }
    await disabled.close();
  });

  it('forgets everything and asks Postgres while its listener is down, then resumes', async () => {
    const { token } = await signIn('agencyAdminA', 'A');
    const cache = createSessionCache(test.db, { hub: ownHub(), ttlMs: TTL_MS });
    cache.listen();
    try {
      await vi.waitFor(() => expect(cache.active).toBe(true), NOTIFIED_WITHIN);
      await cache.authenticate(token);
      expect(cache.size).toBe(1);

      await test.admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
          where datname = current_database() and application_name = $1`,
        [LISTENER_NAME],
      );
      await vi.waitFor(() => expect(cache.active).toBe(false), NOTIFIED_WITHIN);
      expect(cache.size).toBe(0);
      expect(await queriesDuring(() => cache.authenticate(token))).toBe(1);
      expect(cache.size).toBe(0);

      await vi.waitFor(() => expect(cache.active).toBe(true), NOTIFIED_WITHIN);
      await cache.authenticate(token);
      expect(await queriesDuring(() => cache.authenticate(token))).toBe(0);
    } finally {
      await cache.close();
      // The other caches of this file lost their listeners too: wait until they are back.
      await vi.waitFor(() => expect(near.active && far.active).toBe(true), RECOVERS_WITHIN);
    }
  });
});

describe('session cache on a database that would not notify', () => {
  it('stays off while one of the notify triggers (migration 027) is disabled', async () => {
    const warnings: string[] = [];
    const logger = {
      debug: () => undefined,
      warn: (fields: Record<string, unknown>) => warnings.push(String(fields.err)),
    };
    await admin(
      'alter table public.workspaces disable trigger workspaces_notify_session_cache',
      [],
    );
    const cache = createSessionCache(test.db, { hub: ownHub(), ttlMs: TTL_MS, logger });
    try {
      cache.listen();
      await vi.waitFor(
        () => expect(warnings.join()).toContain('11 of migration 027'),
        NOTIFIED_WITHIN,
      );
      expect(cache.active).toBe(false);
      const { token } = await signIn('agencyAdminA', 'A');
      await cache.authenticate(token);
      expect(await queriesDuring(() => cache.authenticate(token))).toBe(1);
    } finally {
      await cache.close();
      await admin(
        'alter table public.workspaces enable trigger workspaces_notify_session_cache',
        [],
      );
      // A heartbeat of the file's other caches may have seen the trigger off too.
      await vi.waitFor(() => expect(near.active && far.active).toBe(true), RECOVERS_WITHIN);
    }
  });

  it('turns off within a heartbeat when a trigger is disabled at runtime, until it is enabled', async () => {
    const heartbeatMs = 300;
    const counted = countingHub(ownHub());
    const cache = createSessionCache(test.db, { hub: counted.hub, ttlMs: TTL_MS, heartbeatMs });
    cache.listen();
    try {
      await vi.waitFor(() => expect(cache.active).toBe(true), RECOVERS_WITHIN);
      await beatsFasterThanDefault(counted);
      const { token } = await signIn('agencyAdminA', 'A');
      await servedFromMemory(cache, token);
      expect(cache.size).toBe(1);

      await admin('alter table public.users disable trigger users_notify_session_cache', []);
      // The next heartbeat re-checks the triggers and turns the cache off.
      await offAtNextCheck(counted, cache, counted.started);
      expect(cache.size).toBe(0);
      expect(await queriesDuring(() => cache.authenticate(token))).toBe(1);
      expect(cache.size).toBe(0);

      await admin('alter table public.users enable trigger users_notify_session_cache', []);
      await vi.waitFor(() => expect(cache.active).toBe(true), RECOVERS_WITHIN);
      await servedFromMemory(cache, token);
    } finally {
      await admin('alter table public.users enable trigger users_notify_session_cache', []);
      await cache.close();
      await vi.waitFor(() => expect(near.active && far.active).toBe(true), RECOVERS_WITHIN);
    }
  });
});

describe('session cache on a shared channel hub', () => {
  it('shares one backend with another cache, and only it turns off while a trigger is disabled', async () => {
    const heartbeatMs = 300;
    const name = 'session-cache-test-hub';
    const counted = countingHub(
      createChannelHub(test.db, { applicationName: name, retryMinMs: 10 }),
    );
    const { hub } = counted;
    const cache = createSessionCache(test.db, { ttlMs: TTL_MS, heartbeatMs, hub });
    const other = createNotifiedCache<string>({
      channel: 'session_cache_test_other',
      heartbeatMs,
      hub,
    });
    const backends = async () =>
      (
        await admin(
          'select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = $1',
          [name],
        )
      ).rows[0] as { n: number };
    cache.listen();
    other.listen();
    try {
      await vi.waitFor(
        () => expect([cache.active, other.active]).toStrictEqual([true, true]),
        RECOVERS_WITHIN,
      );
      expect(await backends()).toStrictEqual({ n: 1 });
      const signed = await signIn('agencyAdminA', 'A');
      await servedFromMemory(cache, signed.token);

      // Its notifications still arrive through the hub: a revocation is not served.
      await test.db.withService('test: revoke', (tx) =>
        revokeSession(tx, { sessionId: signed.session.id, userId: signed.session.userId }),
      );
      await vi.waitFor(
        async () => expect(await cache.authenticate(signed.token)).toBeNull(),
        NOTIFIED_WITHIN,
      );

      // Its verify still runs at every heartbeat, and turns off only this subscriber.
      await beatsFasterThanDefault(counted);
      await admin('alter table public.users disable trigger users_notify_session_cache', []);
      await offAtNextCheck(counted, cache, counted.started);
      // The other subscriber is (or, after a late step dropped the connection, is again) on.
      await vi.waitFor(() => expect(other.active).toBe(true), RECOVERS_WITHIN);
      expect(cache.active).toBe(false);
      await admin('alter table public.users enable trigger users_notify_session_cache', []);
      await vi.waitFor(() => expect(cache.active).toBe(true), RECOVERS_WITHIN);
      expect(await backends()).toStrictEqual({ n: 1 });
    } finally {
      await admin('alter table public.users enable trigger users_notify_session_cache', []);
      await cache.close();
      await other.close();
      await vi.waitFor(() => expect(near.active && far.active).toBe(true), RECOVERS_WITHIN);
    }
    // The last subscriber gone, so is the connection.
    expect(await backends()).toStrictEqual({ n: 0 });
  });
});

describe('migration 027 notifications', () => {
  let recorder: ChannelListener;
  const received: string[] = [];

  beforeAll(async () => {
    recorder = createChannelHub(test.db).listen(SESSION_CHANGED_CHANNEL, {
      onMessage: (payload) => received.push(payload),
      onState: () => undefined,
    });
    await vi.waitFor(() => expect(recorder.listening).toBe(true), NOTIFIED_WITHIN);
  });
  afterAll(async () => {
    await recorder.close();
  });

  /** The payloads notified by `fn`'s commits: everything received before a marker sent after them. */
  async function notifiedBy(fn: () => Promise<unknown>): Promise<string[]> {
    received.length = 0;
    await fn();
    // A session that does not exist: the caches evict nothing for it.
    const marker = `session:${randomUUID()}`;
    await test.admin.query('select pg_notify($1, $2)', [SESSION_CHANGED_CHANNEL, marker]);
    // Notifications arrive in commit order: once the marker is here, the change's are too.
    await vi.waitFor(() => expect(received).toContain(marker), NOTIFIED_WITHIN);
    return received.slice(0, received.indexOf(marker));
  }

  it('sends nothing when only last_seen_at changes (resolve_session records activity)', async () => {
    const { token, session } = await signIn('agencyAdminA', 'A');
    await warm(token);
    const sent = await notifiedBy(() =>
      admin(
        `update public.sessions set last_seen_at = now() - interval '5 minutes' where id = $1`,
        [session.id],
      ),
    );
    expect(sent).toStrictEqual([]);
    // And resolve_session's own write of it (the session now looks a minute stale).
    expect(await notifiedBy(() => authenticateSession(test.db, token))).toStrictEqual([]);
    expect(await queriesDuring(() => far.authenticate(token))).toBe(0);
  });

  it('names the session, the user, or everything', async () => {
    const { session } = await signIn('agencyAdminA', 'A');
    expect(
      await notifiedBy(() =>
        admin(`update public.sessions set user_agent = 'changed' where id = $1`, [session.id]),
      ),
    ).toStrictEqual([`session:${session.id}`]);
    expect(
      await notifiedBy(() =>
        admin(`update public.users set display_name = 'Renamed' where id = $1`, [
          uid('agencyAdminA'),
        ]),
      ),
    ).toStrictEqual([`user:${uid('agencyAdminA')}`]);
    expect(
      await notifiedBy(() =>
        admin(`update public.users set updated_at = now() - interval '1 day' where id = $1`, [
          uid('agencyAdminA'),
        ]),
      ),
    ).toStrictEqual([]);
    expect(
      await notifiedBy(() =>
        admin(`update public.workspaces set name = 'Renamed' where id = $1`, [ws('A2')]),
      ),
    ).toStrictEqual(['all']);
    expect(
      await notifiedBy(() =>
        admin(`update public.permissions set description = description where code = $1`, [
          'branding.edit',
        ]),
      ),
    ).toStrictEqual(['all']);
    // A rolled-back change notifies nobody.
    expect(
      await notifiedBy(async () => {
        const client = await test.admin.connect();
        try {
          await client.query('begin');
          await client.query(`update public.users set status = 'suspended' where id = $1`, [
            uid('agencyAdminA'),
          ]);
          await client.query('rollback');
        } finally {
          client.release();
        }
      }),
    ).toStrictEqual([]);
  });
});
