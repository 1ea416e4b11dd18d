import { serve, type ServerType } from '@hono/node-server';
import { afterAll, describe, expect, it } from 'vitest';
import { type SeededUser, setupTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import {
  seedTwoAgencyTree,
  TREE_PASSWORD,
  type TwoAgencyTree,
} from '@aiconnected/identity/testing';
import { compileTrustedProxies } from '@/server/api/guard';
import type { SignInResult } from '@aiconnected/sdk-contracts';
import { createTestApi, expectError, jsonRequest } from '@/server/api/testing';

let database: TestDatabase;
let tree: TwoAgencyTree;
const servers: ServerType[] = [];

setupTestDatabase(seedTwoAgencyTree, (setup) => {
  ({ database, tree } = setup);
});
afterAll(async () => {
  await Promise.all(
    servers.map((server) => new Promise((resolve) => server.close(() => resolve(null)))),
  );
});

/**
 * The API behind a real Node listener on 127.0.0.1 (as the web server runs it), trusting
 * `trustedProxies`; resolves to its base URL.
 */
async function listen(trustedProxies: string[]): Promise<string> {
  const { api } = createTestApi(database.db, {
    config: { trustProxy: compileTrustedProxies(trustedProxies) },
    limits: { maxFailuresPerAccount: 10, maxFailuresPerIp: 2, windowMinutes: 15 },
  });
  return new Promise((resolve) => {
    const server = serve({ fetch: api.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      resolve(`http://127.0.0.1:${info.port}`);
    });
    servers.push(server);
  });
}

/** Signs `user` in over HTTP with `forwardedFor` as `X-Forwarded-For`; the recorded address. */
async function signInAddress(
  baseUrl: string,
  user: SeededUser,
  forwardedFor?: string,
): Promise<{ session: string | null; audit: string | null }> {
  const headers: Record<string, string> = forwardedFor ? { 'x-forwarded-for': forwardedFor } : {};
  const response = await fetch(
    `${baseUrl}/api/auth/sign-in`,
    jsonRequest('POST', { email: user.email, password: TREE_PASSWORD }, headers),
  );
  expect(response.status, await response.clone().text()).toBe(200);
  const { session } = (await response.json()) as SignInResult;
  const { rows } = await database.admin.query<{ session: string | null; audit: string | null }>(
    `select host(s.ip) as session, a.metadata_json ->> 'ip' as audit
       from public.sessions s
       join public.audit_logs a on a.target_id = s.id::text and a.action = 'auth.sign_in'
      where s.user_id = $1
      order by s.created_at desc
      limit 1`,
    [session.user_id],
  );
  expect(rows).toHaveLength(1);
  return rows[0] ?? { session: null, audit: null };
}

describe('the client address behind a real listener', () => {
  it('is the socket peer without a trusted proxy: X-Forwarded-For is ignored', async () => {
    const baseUrl = await listen([]);
    expect(await signInAddress(baseUrl, tree.users.businessA1Admin, '203.0.113.5')).toStrictEqual({
      session: '127.0.0.1',
      audit: '127.0.0.1',
    });
  });

  it('is read from X-Forwarded-For, right to left past trusted hops, when the peer is a trusted proxy', async () => {
    const baseUrl = await listen(['127.0.0.1', '10.0.0.0/8']);
    // The client claimed 203.0.113.5; the proxy appended the address it saw.
    expect(
      await signInAddress(baseUrl, tree.users.agencyAAdmin, '203.0.113.5, 198.51.100.7'),
    ).toStrictEqual({ session: '198.51.100.7', audit: '198.51.100.7' });
    // Two trusted proxies in a row: the inner one (10.1.2.3) is skipped too.
    expect(
      await signInAddress(baseUrl, tree.users.agencyBAdmin, '198.51.100.8, 10.1.2.3'),
    ).toStrictEqual({ session: '198.51.100.8', audit: '198.51.100.8' });
  });

  it('is the peer when a trusted proxy sends no X-Forwarded-For', async () => {
    const baseUrl = await listen(['loopback']);
    expect(await signInAddress(baseUrl, tree.users.businessB1Admin)).toStrictEqual({
      session: '127.0.0.1',
      audit: '127.0.0.1',
    });
  });

  it('lets an office behind one address ask for password resets and email changes, up to a limit', async () => {
    const baseUrl = await listen([]);
    const reset = (index: number) =>
      fetch(
        `${baseUrl}/api/auth/password/reset`,
        jsonRequest('POST', { email: `office-${index}-${Date.now()}@example.test` }),
      );
    // Five people (or one admin changing five addresses) no longer lock the sixth out.
    for (let index = 0; index < 30; index += 1) {
      expect((await reset(index)).status, `request ${index + 1}`).toBe(200);
    }
    await expectError(await reset(30), 'RATE_LIMITED', { retry_after_seconds: expect.any(Number) });
  });

  // Last: it uses up 127.0.0.1's allowance, which every listener here shares.
  it('cannot dodge the per-address limit with a made-up X-Forwarded-For', async () => {
    const baseUrl = await listen([]);
    const attempt = (forwardedFor: string) =>
      fetch(
        `${baseUrl}/api/auth/sign-in`,
        jsonRequest(
          'POST',
          { email: `spray-${forwardedFor}@example.test`, password: 'wrong-password-1' },
          { 'x-forwarded-for': forwardedFor },
        ),
      );
    expect((await attempt('198.51.100.1')).status).toBe(401);
    expect((await attempt('198.51.100.2')).status).toBe(401);
    await expectError(await attempt('198.51.100.3'), 'RATE_LIMITED', {
      retry_after_seconds: expect.any(Number),
    });
  });
});
