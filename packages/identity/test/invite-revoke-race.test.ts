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
import { revokeInvitation } from '../src/invitations/revoke-invitation';
import { inviteMember } from '../src/users/invite-member';

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

const invite = (db: Db, email: string) =>
  inviteMember(db, mailer, {
    actor: admin(),
    workspaceId: fixture.workspaceIds.A1,
    email,
    roleTemplate: 'business_user',
    baseUrl: 'http://shell.test',
    correlationId: correlation(),
  });

const revoke = (db: Db, invitationId: string) =>
  revokeInvitation(db, { actor: admin(), invitationId, correlationId: correlation() });

/** The address's user and its pending invitations. */
async function stateOf(email: string) {
  const { rows } = await test.admin.query<{ user_id: string; status: string; tokens: number }>(
    `select u.id as user_id, u.status,
            (select count(*)::int from public.auth_tokens t where t.user_id = u.id) as tokens
       from public.users u where u.email = $1`,
    [email],
  );
  return rows;
}

async function invitedOnce(email: string): Promise<string> {
  await invite(test.db, email);
  const { rows } = await test.admin.query<{ id: string }>(
    `select id from public.auth_tokens where invited_email = $1`,
    [email],
  );
  const [row] = rows;
  if (!row) throw new Error(`no invitation for ${email}`);
  return row.id;
}

describe('inviting an address while its last invitation is revoked', () => {
  it('the invite found the invited user first: the revoke answers NOT_FOUND, the user and the new invitation stay', async () => {
    const email = uniqueEmail('race-invite-first');
    const first = await invitedOnce(email);
    const gated = gatedAfter('from public.users where email');
    const inviting = invite(gated.db, email);
    await gated.entered;
    const revoking = revoke(test.db, first);
    await settledOrWaiting(revoking);
    gated.release();
    await expect(inviting).resolves.toMatchObject({ invite_status: 'invited' });
    // The invite replaced the revoked token with its own: nothing of what was named is left.
    await expect(revoking).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await stateOf(email)).toStrictEqual([
      { user_id: expect.any(String), status: 'invited', tokens: 1 },
    ]);
  });

  it('the revoke removed the user first: the invite creates a new invited user', async () => {
    const email = uniqueEmail('race-revoke-first');
    const first = await invitedOnce(email);
    const [before] = await stateOf(email);
    const gated = gatedAfter('delete from public.users');
    const revoking = revoke(gated.db, first);
    await gated.entered;
    const inviting = invite(test.db, email);
    await settledOrWaiting(inviting);
    gated.release();
    await expect(revoking).resolves.toBeUndefined();
    await expect(inviting).resolves.toMatchObject({ invite_status: 'invited' });
    const after = await stateOf(email);
    expect(after).toStrictEqual([{ user_id: expect.any(String), status: 'invited', tokens: 1 }]);
    expect(after[0]?.user_id).not.toBe(before?.user_id);
  });
});
