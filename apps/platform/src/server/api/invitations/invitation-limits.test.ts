import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  as,
  createTestApi,
  expectError,
  setupRoleTreeApiTest,
  snapshotTables,
  type MemberLabel,
  type TestApi,
} from '@/server/api/testing';
import { createInvitationLimiter } from '@/server/api/guard/rate-limits';

// The invitation mail budgets over HTTP on real Postgres: per inviter and per workspace,
// invites and resends alike, RATE_LIMITED with Retry-After and nothing written past them; a
// caller who may not invite into a workspace does not use up its budget. Small budgets (2 per
// inviter, 3 per workspace) in a file of its own: the counters live in this file's database.

const { setup, ws, member } = setupRoleTreeApiTest();
let limited: TestApi;
beforeAll(() => {
  limited = createTestApi(setup.database.db, {
    invitationLimiter: createInvitationLimiter(setup.database.db.pool, {
      perInviter: 2,
      perWorkspace: 3,
    }),
  });
});
afterAll(async () => {
  await limited.deps.sessionCache.close();
});
// Each test starts with every budget whole.
beforeEach(async () => {
  await setup.database.db.pool.query('delete from public.rate_limits');
});

const call = async (who: MemberLabel, method: string, path: string, body?: unknown) =>
  limited.api.request(`/api${path}`, as(setup.tokens[who], method, body));

const invite = (
  who: MemberLabel,
  workspace: 'A1' | 'A2' = 'A1',
  email = `invitee-${randomBytes(4).toString('hex')}@example.test`,
) =>
  call(who, 'POST', '/memberships', {
    workspace_id: ws(workspace).id,
    email,
    role_template: 'business_user',
  });

const codeOf = async (answer: Promise<Response>) =>
  ((await (await answer).json()) as { error?: { code: string } }).error?.code;

/** The refusal past a budget: RATE_LIMITED with Retry-After, and nothing written. */
async function expectLimited(send: () => Promise<Response>): Promise<void> {
  const before = await snapshotTables(setup.database);
  const refused = await send();
  const retryAfter = Number(refused.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(3600);
  await expectError(refused, 'RATE_LIMITED', { retry_after_seconds: retryAfter });
  expect(await snapshotTables(setup.database)).toStrictEqual(before);
}

describe('invitation mail limits', () => {
  it('limits invites and resends per inviter and per workspace, not spent by those who may not invite there', async () => {
    // The inviter's budget: two invitations, then RATE_LIMITED (in any workspace).
    expect((await invite('A.agency_admin')).status).toBe(201);
    expect((await invite('A.agency_admin')).status).toBe(201);
    await expectLimited(() => invite('A.agency_admin'));
    await expectLimited(() => invite('A.agency_admin', 'A2'));

    // Refused callers spend only their own budget, never A1's.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      expect(await codeOf(invite('B.agency_admin'))).toBe('WORKSPACE_FORBIDDEN');
      expect(await codeOf(invite('A1.business_user'))).toBe('PERMISSION_DENIED');
    }

    // A1's budget: the third invitation into it goes out, the fourth is refused to anyone.
    expect((await invite('A1.business_admin')).status).toBe(201);
    await expectLimited(() => invite('A1.business_admin'));
    await expectLimited(() => invite('S.super_admin'));

    // A resend is an invitation mail too: refused past A1's budget, the link left as it was.
    const listed = await call('S.super_admin', 'GET', `/invitations?workspace_id=${ws('A1').id}`);
    const { items } = (await listed.json()) as { items: { id: string }[] };
    const [pending] = items;
    if (!pending) throw new Error('no pending invitation in A1');
    await expectLimited(() => call('S.super_admin', 'POST', `/invitations/${pending.id}/resend`));
    // Another workspace's budget is its own: A2 still takes an invitation.
    expect((await invite('S.super_manager', 'A2')).status).toBe(201);
  });

  it('gives both points back when the invitation then fails', async () => {
    // Allowed to invite into A1 (both points counted), then refused by the invitation itself:
    // a member of A1 already (CONFLICT) and the inviter's own address, three times each, more
    // than either budget (2 per inviter, 3 per workspace).
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const alreadyIn = invite('A1.business_admin', 'A1', member('A1.business_user').email);
      expect(await codeOf(alreadyIn)).toBe('CONFLICT');
      const self = invite('A1.business_admin', 'A1', member('A1.business_admin').email);
      expect(await codeOf(self)).toBe('PERMISSION_DENIED');
    }
    // Both budgets whole: the inviter's two invitations and A1's third go out, then the limits.
    expect((await invite('A1.business_admin')).status).toBe(201);
    expect((await invite('A1.business_admin')).status).toBe(201);
    await expectLimited(() => invite('A1.business_admin', 'A2'));
    expect((await invite('A.agency_admin')).status).toBe(201);
    await expectLimited(() => invite('S.super_admin'));
  });
});
