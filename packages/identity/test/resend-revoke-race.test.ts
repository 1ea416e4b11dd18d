import type { Db, Tx } from '@aiconnected/db';
import { setupTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { describe, expect, it } from 'vitest';
import { actorFor, correlation, uniqueEmail } from './support/user-actions';
import { seedContextTree, type ContextFixture } from './context-fixture';
import { createMailer, type Mailer } from '../src/mail/create-mailer';
import { resendInvitation } from '../src/invitations/resend-invitation';
import { revokeInvitation } from '../src/invitations/revoke-invitation';
import { inviteMember } from '../src/users/invite-member';
import { shellErrorCodeOf } from '../src/testing';

let test: TestDatabase;
let fixture: ContextFixture;
let mailer: Mailer;

setupTestDatabase(seedContextTree, (seeded) => {
  ({ database: test, tree: fixture } = seeded);
  mailer = createMailer({ transport: 'mailbox', from: 'no-reply@shell.test', db: test.db });
});

const actor = actorFor(() => fixture);
const admin = () => actor('businessAdminA1', 'A1', 'business_admin');

interface Gate {
  db: Db;
  /** Resolves once the gated statement has run (its transaction still open). */
  entered: Promise<void>;
  release: () => void;
}

/** `test.db`, whose transactions stop after the first statement containing `fragment`. */
function gatedAfter(fragment: string): Gate {
  let entered!: () => void;
  const inside = new Promise<void>((resolve) => (entered = resolve));
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let done = false;
  const hold = (tx: Tx): Tx =>
    new Proxy(tx, {
      get(target, key) {
        if (key !== 'query') return Reflect.get(target, key, target) as unknown;
        return async (...args: Parameters<Tx['query']>) => {
          const result = await (target.query as (...a: unknown[]) => Promise<unknown>)(...args);
          if (!done && typeof args[0] === 'string' && args[0].includes(fragment)) {
            done = true;
            entered();
            await gate;
          }
          return result;
        };
      },
    });
  const db: Db = {
    ...test.db,
    withWorkspace: (ctx, fn) => test.db.withWorkspace(ctx, (tx) => fn(hold(tx))),
  };
  return { db, entered: inside, release };
}

/** Resolves when `call` has settled or a statement of this database waits for a lock. */
async function settledOrWaiting(call: Promise<unknown>): Promise<void> {
  let settled = false;
  void call.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < 2000 && !settled; i++) {
    const { rowCount } = await test.admin.query(
      `select 1 from pg_stat_activity
        where wait_event_type = 'Lock' and datname = current_database()`,
    );
    if ((rowCount ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

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

  it('both wait on each other: no deadlock, the resend wins, the revoke answers NOT_FOUND', async () => {
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
