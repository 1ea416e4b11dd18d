import { createChannelHub } from '@aiconnected/db';
import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import {
  createSession,
  createSessionCache,
  hashToken,
  type SessionCache,
} from '@aiconnected/identity';
import {
  seedTwoAgencyTree,
  TREE_PASSWORD,
  type TwoAgencyTree,
} from '@aiconnected/identity/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApi } from '@/server/api/app';
import type { ApiApp, ApiDeps } from '@/server/api/context';
import { createLogger } from '@/server/logger';
import { buildTestDeps } from '@/server/api/testing/build-test-deps';
import { createTestApi } from '@/server/api/testing/test-api';

// Migration 027's notifications evict entries too, milliseconds after a commit; what this file
// checks is that the API does not wait for them: a write clears this process's cache itself
// before its answer leaves (`clear` called during the request), so the very next request sees
// it. Other processes' view through NOTIFY: packages/identity/test/session-cache.test.ts.

let test: TestDatabase;
let tree: TwoAgencyTree;
let cache: SessionCache;
let deps: ApiDeps;
let api: ApiApp;

beforeAll(async () => {
  test = await createTestDatabase();
  tree = await seedTwoAgencyTree(test);
  cache = createSessionCache(test.db, { ttlMs: 59_000, hub: createChannelHub(test.db) });
  cache.listen();
  await vi.waitFor(() => expect(cache.active).toBe(true), { timeout: 15_000, interval: 5 });
  deps = { ...buildTestDeps(test.db), sessionCache: cache, logger: createLogger('silent') };
  api = createApi(deps);
});
afterAll(async () => {
  await cache.close();
  await test.drop();
});

type UserKey = keyof TwoAgencyTree['users'];
type WorkspaceKey = keyof TwoAgencyTree['workspaces'];

/** A new session of `user` (in `workspace`, or none), as sign-in would create it. */
async function signIn(user: UserKey, workspace: WorkspaceKey | null): Promise<string> {
  const { token } = await test.db.withService('session cache API test: sign in', (tx) =>
    createSession(tx, {
      userId: tree.users[user].id,
      activeWorkspaceId: workspace === null ? null : tree.workspaces[workspace].id,
      ttlHours: 1,
    }),
  );
  return token;
}

const send = (token: string, method: string, path: string, body?: unknown) =>
  api.request(`/api${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

interface Effective {
  status: number;
  code?: string;
  workspaceId?: string;
  permissions?: string[];
  impersonating?: boolean;
}

/** `GET /permissions/effective`: the guard's answer and nothing else (no further query). */
async function effective(token: string): Promise<Effective> {
  const response = await send(token, 'GET', '/permissions/effective');
  const body = (await response.json()) as {
    error?: { code: string };
    workspace_id?: string;
    effective_permissions?: string[];
    impersonation?: { active: boolean };
  };
  return {
    status: response.status,
    code: body.error?.code,
    workspaceId: body.workspace_id,
    permissions: body.effective_permissions,
    impersonating: body.impersonation?.active,
  };
}

/**
 * Answers `token` once, then checks the guard answers it again from memory (no statement).
 * Polled: the notification of an earlier write may still evict what is read first.
 */
function cached(token: string): Promise<Effective> {
  return vi.waitFor(
    async () => {
      const first = await effective(token);
      const spy = vi.spyOn(test.db.pool, 'query');
      try {
        expect(await effective(token)).toStrictEqual(first);
        expect(spy).not.toHaveBeenCalled();
      } finally {
        spy.mockRestore();
      }
      return first;
    },
    { timeout: 15_000, interval: 5 },
  );
}

/** Sends a write and checks it succeeded and cleared the cache before its answer came. */
async function write(token: string, method: string, path: string, body?: unknown) {
  const clear = vi.spyOn(cache, 'clear');
  try {
    const response = await send(token, method, path, body);
    expect(response.status, await response.clone().text()).toBe(200);
    expect(clear).toHaveBeenCalled();
  } finally {
    clear.mockRestore();
  }
}

const ws = (key: WorkspaceKey) => tree.workspaces[key].id;

describe('the session cache in one process: a write is seen by the very next request', () => {
  it('signing out', async () => {
    const token = await signIn('agencyAUser', 'agencyA');
    expect(await cached(token)).toMatchObject({ status: 200, workspaceId: ws('agencyA') });
    await write(token, 'POST', '/auth/sign-out');
    expect(await effective(token)).toMatchObject({ status: 401, code: 'SESSION_INVALID' });
  });

  it('revoking another session of oneself', async () => {
    const [mine, other] = [
      await signIn('businessA1Admin', 'businessA1'),
      await signIn('businessA1Admin', 'businessA1'),
    ];
    expect(await cached(other)).toMatchObject({ status: 200 });
    const { rows } = await test.admin.query<{ id: string }>(
      'select id from public.sessions where token_hash = $1',
      [hashToken(other)],
    );
    await write(mine, 'DELETE', `/auth/sessions/${rows[0]?.id}`);
    expect(await effective(other)).toMatchObject({ status: 401, code: 'SESSION_INVALID' });
  });

  it('an admin suspending another user', async () => {
    const admin = await signIn('agencyAAdmin', 'agencyA');
    const token = await signIn('businessA1User', 'businessA1');
    expect(await cached(token)).toMatchObject({ status: 200 });
    await write(admin, 'PATCH', `/users/${tree.users.businessA1User.id}`, { status: 'suspended' });
    expect(await effective(token)).toMatchObject({ status: 401, code: 'SESSION_INVALID' });
  });

  it('an admin changing another member’s overrides, then deactivating the membership', async () => {
    const admin = await signIn('agencyAAdmin', 'agencyA');
    const token = await signIn('agencyAUser', 'agencyA');
    const [membership] = tree.users.agencyAUser.memberships;
    expect(await cached(token)).toMatchObject({ status: 200, permissions: [] });
    await write(admin, 'PATCH', `/memberships/${membership?.membershipId}`, {
      permission_overrides: [{ permission: 'branding.edit', allow: true }],
    });
    expect(await cached(token)).toMatchObject({ status: 200, permissions: ['branding.edit'] });
    await write(admin, 'PATCH', `/memberships/${membership?.membershipId}`, { active: false });
    expect(await effective(token)).toMatchObject({ status: 400, code: 'WORKSPACE_REQUIRED' });
  });

  it('an admin suspending another workspace', async () => {
    const admin = await signIn('agencyBAdmin', 'agencyB');
    const token = await signIn('businessB1Admin', 'businessB1');
    expect(await cached(token)).toMatchObject({ status: 200, workspaceId: ws('businessB1') });
    await write(admin, 'PATCH', `/workspaces/${ws('businessB1')}`, { status: 'suspended' });
    expect(await effective(token)).toMatchObject({ status: 400, code: 'WORKSPACE_REQUIRED' });
  });

  it('switching workspace', async () => {
    const token = await signIn('twoWorkspaces', null);
    expect(await cached(token)).toMatchObject({ status: 400, code: 'WORKSPACE_REQUIRED' });
    await write(token, 'POST', '/workspaces/switch', { workspace_id: ws('businessA1') });
    expect(await effective(token)).toMatchObject({ status: 200, workspaceId: ws('businessA1') });
  });

  it('starting and stopping impersonation', async () => {
    const token = await signIn('superAdmin', 'super');
    expect(await cached(token)).toMatchObject({ status: 200, workspaceId: ws('super') });
    await write(token, 'POST', '/auth/impersonation/start', {
      target_workspace_id: ws('agencyA'),
      reason: 'session cache test',
    });
    expect(await cached(token)).toMatchObject({
      status: 200,
      workspaceId: ws('agencyA'),
      impersonating: true,
    });
    await write(token, 'POST', '/auth/impersonation/stop');
    expect(await effective(token)).toMatchObject({
      status: 200,
      workspaceId: ws('super'),
      impersonating: false,
    });
  });

  it('a server error after the commit: a password change whose limiter then fails', async () => {
    const [mine, other] = [await signIn('noWorkspace', null), await signIn('noWorkspace', null)];
    expect(await cached(other)).toMatchObject({ status: 400, code: 'WORKSPACE_REQUIRED' });
    const clear = vi.spyOn(cache, 'clear');
    const reset = vi
      .spyOn(deps.signInLimiter, 'reset')
      .mockRejectedValueOnce(new Error('rate limit store unavailable'));
    try {
      const response = await send(mine, 'POST', '/auth/password/change', {
        current_password: TREE_PASSWORD,
        new_password: 'a-new-password-for-the-cache-test',
      });
      expect(response.status).toBe(500);
      expect(reset).toHaveBeenCalled();
      expect(clear).toHaveBeenCalled();
    } finally {
      reset.mockRestore();
      clear.mockRestore();
    }
    expect(await effective(other)).toMatchObject({ status: 401, code: 'SESSION_INVALID' });
  });
});

describe('requests refused before or by their handler, or that only read, keep the cache', () => {
  it('not found, too large, unauthenticated, invalid and read-only POSTs do not clear; a write does', async () => {
    const token = await signIn('agencyBAdmin', 'agencyB');
    expect(await cached(token)).toMatchObject({ status: 200 });
    const clear = vi.spyOn(cache, 'clear');
    try {
      const refused = [
        await send(token, 'POST', '/no-such-path', {}),
        await api.request('/api/workspaces/switch', {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'content-length': String(2 * 1024 * 1024),
          },
          body: JSON.stringify({ workspace_id: 'x'.repeat(2 * 1024 * 1024 - 20) }),
        }),
        await send('x'.repeat(43), 'POST', '/workspaces/switch', { workspace_id: ws('agencyB') }),
        await send(token, 'POST', '/workspaces/switch', { workspace_id: 'not a uuid' }),
        await send(token, 'POST', '/auth/links/inspect', { token: 'G'.repeat(43) }),
      ];
      expect(refused.map((response) => response.status)).toStrictEqual([404, 413, 401, 422, 401]);
      expect(clear).not.toHaveBeenCalled();

      // Refused by the handler: it ran, but its one transaction rolled back.
      const email = tree.users.businessB1Admin.email;
      const byHandler = [
        await send(token, 'POST', '/auth/sign-in', { email, password: 'not-the-password-1' }),
        await send(token, 'POST', '/workspaces/switch', { workspace_id: ws('agencyA') }),
        await send(token, 'PATCH', `/users/${tree.users.agencyAUser.id}`, { status: 'suspended' }),
      ];
      expect(byHandler.map((response) => response.status)).toStrictEqual([401, 403, 403]);
      expect(clear).not.toHaveBeenCalled();

      await send(token, 'POST', '/workspaces/switch', { workspace_id: ws('agencyB') });
      expect(clear).toHaveBeenCalledTimes(1);
      expect(cache.size).toBe(0);
    } finally {
      clear.mockRestore();
    }
  });

  it('a password reset refused by its rate limit does not clear', async () => {
    const token = await signIn('agencyBAdmin', 'agencyB');
    const reset = () =>
      send(token, 'POST', '/auth/password/reset', { email: 'nobody@example.com' });
    // The address's allowance (5 an hour), used up by requests that succeed.
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await reset()).status).toBe(200);
    expect(await cached(token)).toMatchObject({ status: 200 });
    const clear = vi.spyOn(cache, 'clear');
    try {
      const refused = await reset();
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
        'RATE_LIMITED',
      );
      expect(clear).not.toHaveBeenCalled();
    } finally {
      clear.mockRestore();
    }
  });
});

describe('the test API', () => {
  it('runs with the session cache on, active before it answers', async () => {
    const testApi = createTestApi(test.db);
    const cacheOfTestApi = testApi.deps.sessionCache;
    try {
      const token = await signIn('businessA1Admin', 'businessA1');
      const request = () =>
        testApi.api.request('/api/permissions/effective', {
          headers: { authorization: `Bearer ${token}` },
        });
      expect((await request()).status).toBe(200);
      expect(cacheOfTestApi.active).toBe(true);
      await vi.waitFor(
        async () => {
          await request();
          const spy = vi.spyOn(test.db.pool, 'query');
          try {
            expect((await request()).status).toBe(200);
            expect(spy).not.toHaveBeenCalled();
          } finally {
            spy.mockRestore();
          }
        },
        { timeout: 15_000, interval: 5 },
      );
    } finally {
      await cacheOfTestApi.close();
    }
  });
});
