import type { Db } from '@aiconnected/db';
import { setupTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { describe, expect, it } from 'vitest';
import {
  gatedAfter as gatedAfterIn,
  settledOrWaiting as settledOrWaitingIn,
} from './support/race-gate';
import { actorFor, correlation, uniqueEmail } from './support/user-actions';
import { seedContextTree, type ContextFixture } from './context-fixture';
import { createMailer, type Mailer } from '../src/mail/create-mailer';
import { resendInvitation } from '../src/invitations/resend-invitation';
import { revokeInvitation } from '../src/invitations/revoke-invitation';
import { inviteMember } from '../src/users/invite-member';
import { acceptInvitation } from '../src/users/accept-invitation';
import { setPasswordWithToken } from '../src/users/set-password-with-token';
import { listMailbox } from '../src/mail/list-mailbox';
import { createTestRateLimiter } from '../src/testing/test-rate-limiter';
import { shellErrorCodeOf } from '../src/testing';
import type { AuthRateLimiter } from '../src/auth/create-auth-rate-limiter';

let test: TestDatabase;
let fixture: ContextFixture;
let mailer: Mailer;

setupTestDatabase(seedContextTree, (seeded) => {
  ({ database: test, tree: fixture } = seeded);
  mailer = createMailer({ transport: 'mailbox', from: 'no-reply@shell.test', db: test.db });
});

const actor = actorFor(() => fixture);
const admin = () => actor('businessAdminA1', 'A1', 'business_admin');
const gatedAfter = (fragment: string) => gatedAfterIn(test, fragment);
const settledOrWaiting = (call: Promise<unknown>) => settledOrWaitingIn(test, call);

const resend = (db: Db, invitationId: string) =>
  resendInvitation(db, mailer, {
    actor: admin(),
    invitationId,
    baseUrl: 'http://shell.test',
    correlationId: correlation(),
  });

const revoke = (db: Db, invitationId: string) =>
  revokeInvitation(db, { actor: admin(), invitationId, correlationId: correlation() });

/** The address's user and its unused tokens. */
async function stateOf(email: string) {
  const { rows } = await test.admin.query<{ status: string; tokens: number }>(
    `select u.status,
            (select count(*)::int from public.auth_tokens t where t.user_id = u.id) as tokens
       from public.users u where u.email = $1`,
    [email],
  );
  return rows;
}

async function invitedOnce(email: string): Promise<string> {
  await inviteMember(test.db, mailer, {
    actor: admin(),
    workspaceId: fixture.workspaceIds.A1,
    email,
    roleTemplate: 'business_user',
    baseUrl: 'http://shell.test',
    correlationId: correlation(),
  });
  const { rows } = await test.admin.query<{ id: string }>(
    `select id from public.auth_tokens where invited_email = $1`,
    [email],
  );
  const [row] = rows;
  if (!row) throw new Error(`no invitation for ${email}`);
  return row.id;
}

// Both have read the pending invitation (`requireManageableInvitation`) before the other writes.
const READ_INVITATION = "where t.purpose = 'invitation'";

describe('resending an invitation while it is revoked', () => {
  it('the revoke commits first: the resend answers NOT_FOUND, nothing is revived', async () => {
    const email = uniqueEmail('race-revoke-then-resend');
    const invitation = await invitedOnce(email);
    const gated = gatedAfter(READ_INVITATION);
    const resending = resend(gated.db, invitation);
    await gated.entered;
    await revoke(test.db, invitation);
    gated.release();
    expect(await shellErrorCodeOf(resending)).toBe('NOT_FOUND');
    expect(await stateOf(email)).toStrictEqual([]);
  });

  it('revoked once the resend was counted: NOT_FOUND, and both mail points given back', async () => {
    const email = uniqueEmail('race-counted-then-revoked');
    const invitation = await invitedOnce(email);
    // Points counted per key; the revoke commits as the workspace's point is taken, after the
    // resend was authorised and before it writes.
    const points = new Map<string, number>();
    const add = (key: string, by: number) => points.set(key, (points.get(key) ?? 0) + by);
    const limiter: AuthRateLimiter = {
      consume: async (key) => {
        add(key, 1);
        if (key.startsWith('workspace:')) await revoke(test.db, invitation);
        return {
          refund: () => {
            add(key, -1);
            return Promise.resolve();
          },
        };
      },
      reset: () => Promise.resolve(),
    };
    const resending = resendInvitation(test.db, mailer, {
      actor: admin(),
      invitationId: invitation,
      baseUrl: 'http://shell.test',
      correlationId: correlation(),
      limiter,
    });
    expect(await shellErrorCodeOf(resending)).toBe('NOT_FOUND');
    expect(Object.fromEntries(points)).toStrictEqual({
      [`user:${admin().user_id}`]: 0,
      [`workspace:${fixture.workspaceIds.A1}`]: 0,
    });
    expect(await stateOf(email)).toStrictEqual([]);
  });

  it('the resend commits first: the revoke answers NOT_FOUND, the renewed invitation stays', async () => {
    const email = uniqueEmail('race-resend-then-revoke');
    const invitation = await invitedOnce(email);
    const gated = gatedAfter(READ_INVITATION);
    const revoking = revoke(gated.db, invitation);
    await gated.entered;
    await resend(test.db, invitation);
    gated.release();
    expect(await shellErrorCodeOf(revoking)).toBe('NOT_FOUND');
    expect(await stateOf(email)).toStrictEqual([{ status: 'invited', tokens: 1 }]);
  });

  it('both have read it, the resend commits first: the revoke answers NOT_FOUND', async () => {
    const email = uniqueEmail('race-both-read');
    const invitation = await invitedOnce(email);
    const resendGate = gatedAfter(READ_INVITATION);
    const revokeGate = gatedAfter(READ_INVITATION);
    const resending = resend(resendGate.db, invitation);
    const revoking = revoke(revokeGate.db, invitation);
    await Promise.all([resendGate.entered, revokeGate.entered]);
    resendGate.release();
    await settledOrWaiting(resending);
    revokeGate.release();
    await expect(resending).resolves.toMatchObject({ id: expect.any(String) });
    expect(await shellErrorCodeOf(revoking)).toBe('NOT_FOUND');
    expect(await stateOf(email)).toStrictEqual([{ status: 'invited', tokens: 1 }]);
  });
});

/** The link token of the address's latest invitation mail. */
async function linkTokenOf(email: string): Promise<string> {
  const [mail] = await listMailbox(test.db, { to: email, limit: 1 });
  const token = /token=([A-Za-z0-9_-]{43})/.exec(mail?.text_body ?? '')?.[1];
  if (token === undefined) throw new Error(`no invitation link for ${email}`);
  return token;
}

const PASSWORD = 'correct horse battery staple 42';
const accept = (db: Db, token: string) =>
  acceptInvitation(db, {
    token,
    password: PASSWORD,
    failureLimiter: createTestRateLimiter(test.db.pool),
  });
const setPassword = (db: Db, token: string) =>
  setPasswordWithToken(db, {
    token,
    newPassword: PASSWORD,
    failureLimiter: createTestRateLimiter(test.db.pool),
  });

// The acceptance has spent the token (its user row locked before, as every writer takes them).
const SPENT_TOKEN = 'set used_at = now()';

describe('resending, revoking or inviting again while the invitation is accepted', () => {
  const cases = [
    {
      name: 'a resend',
      run: (invitationId: string) => resend(test.db, invitationId),
      outcome: 'NOT_FOUND',
    },
    {
      name: 'a revoke',
      run: (invitationId: string) => revoke(test.db, invitationId),
      outcome: 'NOT_FOUND',
    },
    {
      name: 'an invite of the same address',
      run: (_invitationId: string, email: string) =>
        inviteMember(test.db, mailer, {
          actor: admin(),
          workspaceId: fixture.workspaceIds.A1,
          email,
          roleTemplate: 'business_user',
          baseUrl: 'http://shell.test',
          correlationId: correlation(),
        }),
      outcome: 'CONFLICT',
    },
  ] as const;

  for (const { name, run, outcome } of cases) {
    for (const via of ['accept', 'set-password'] as const) {
      it(`${name} waits for the acceptance (${via}), then answers ${outcome}: no deadlock`, async () => {
        const email = uniqueEmail(`race-accept-${via}`);
        const invitationId = await invitedOnce(email);
        const token = await linkTokenOf(email);
        const gated = gatedAfter(SPENT_TOKEN);
        const accepting = via === 'accept' ? accept(gated.db, token) : setPassword(gated.db, token);
        await gated.entered;
        const other = run(invitationId, email);
        await settledOrWaiting(other);
        gated.release();
        await expect(accepting).resolves.toBeDefined();
        expect(await shellErrorCodeOf(other)).toBe(outcome);
        expect(await stateOf(email)).toStrictEqual([{ status: 'active', tokens: 1 }]);
      });
    }
  }
});
