import { randomUUID } from 'node:crypto';
import { setupTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import {
  impersonationCapabilities,
  ROLE_CAPABILITIES,
  type RoleTemplate,
} from '@aiconnected/permissions';
import { type WorkspaceContext } from '@aiconnected/sdk-contracts';
import { describe, expect, it } from 'vitest';
import { actorFor, envelopeOf, correlation, uniqueEmail } from './support/user-actions';
import type { AuthRateLimiter } from '../src/auth/create-auth-rate-limiter';
import { createTestRateLimiter } from '../src/testing/test-rate-limiter';
import { hashPassword } from '../src/crypto/hash-password';
import { verifyPassword } from '../src/crypto/verify-password';
import { createMailer, type Mailer } from '../src/mail/create-mailer';
import { listMailbox } from '../src/mail/list-mailbox';
import { acceptInvitation } from '../src/users/accept-invitation';
import { inviteMember } from '../src/users/invite-member';
import {
  seedContextTree,
  seedTreeMember,
  type ContextFixture,
  type UserKey,
  type WorkspaceKey,
} from './context-fixture';

let test: TestDatabase;
let fixture: ContextFixture;
let mailer: Mailer;
/** For the calls that are not about limits. */
let testLimiter: AuthRateLimiter;
const BASE_URL = 'http://shell.test';
const PASSWORD = 'correct horse battery staple';

setupTestDatabase(seedContextTree, (seeded) => {
  ({ database: test, tree: fixture } = seeded);
  mailer = createMailer({ transport: 'mailbox', from: 'no-reply@shell.test', db: test.db });
  testLimiter = createTestRateLimiter(test.db.pool);
});

const actor = actorFor(() => fixture);

async function tokenMailedTo(email: string): Promise<string> {
  const [latest] = await listMailbox(test.db, { to: email, limit: 1 });
  const token = /token=([A-Za-z0-9_-]{43})/.exec(latest?.text_body ?? '')?.[1];
  if (!token) throw new Error(`no link mailed to ${email}`);
  return token;
}

const auditRows = async (correlationId: string) =>
  (
    await test.admin.query(
      `select workspace_id, actor_user_id, impersonator_user_id, action, target_type, target_id,
            metadata_json - 'people' as metadata_json
         from public.audit_logs where correlation_id = $1`,
      [correlationId],
    )
  ).rows;

const countUsersWithEmail = async (email: string) =>
  (await test.admin.query('select 1 from public.users where email = $1', [email])).rowCount;

const userIdOf = async (email: string) =>
  (await test.admin.query<{ id: string }>('select id from public.users where email = $1', [email]))
    .rows[0]?.id ?? '';

/** The user's memberships (workspace, role, whether it governs the account), oldest first. */
const membershipsOf = async (userId: string) =>
  (
    await test.admin.query(
      `select workspace_id, role_template, governs_account, invited_by_user_id
         from public.workspace_memberships where user_id = $1 order by created_at, id`,
      [userId],
    )
  ).rows;

describe('inviteMember', () => {
  it('invites a new address: invited user, no membership, hashed token, mailed link, audit', async () => {
    const email = uniqueEmail('invitee');
    const correlationId = correlation();
    const result = await inviteMember(test.db, mailer, {
      actor: actor('businessAdminA1', 'A1', 'business_admin'),
      workspaceId: fixture.workspaceIds.A1,
      email: `  ${email.toUpperCase()} `,
      roleTemplate: 'business_user',
      baseUrl: BASE_URL,
      correlationId,
    });
    expect(result).toStrictEqual({
      invitation: {
        workspace_id: fixture.workspaceIds.A1,
        email,
        role_template: 'business_user',
        expires_at: expect.any(String),
      },
      invite_status: 'invited',
    });
    const userId = await userIdOf(email);
    const user = await test.admin.query('select status from public.users where id = $1', [userId]);
    expect(user.rows).toStrictEqual([{ status: 'invited' }]);
    // No membership before acceptance, for a new address too.
    expect(await membershipsOf(userId)).toStrictEqual([]);

    const [mail] = await listMailbox(test.db, { to: email, limit: 5 });
    expect(mail?.subject).toBe('You are invited to Northwind Dental');
    const token = await tokenMailedTo(email);
    expect(mail?.text_body).toContain(`${BASE_URL}/set-password?token=${token}`);
    const stored = await test.admin.query('select * from public.auth_tokens where user_id = $1', [
      userId,
    ]);
    expect(stored.rows).toMatchObject([
      {
        purpose: 'invitation',
        workspace_id: fixture.workspaceIds.A1,
        role_template: 'business_user',
        invited_email: email,
      },
    ]);
    expect(JSON.stringify(stored.rows)).not.toContain(token);

    expect(await auditRows(correlationId)).toStrictEqual([
      {
        workspace_id: fixture.workspaceIds.A1,
        actor_user_id: fixture.userIds.businessAdminA1,
        impersonator_user_id: null,
        action: 'user.invite',
        target_type: 'invitation',
        target_id: stored.rows[0]?.id,
        metadata_json: {
          email,
          role_template: 'business_user',
          invite_status: 'invited',
        },
      },
    ]);
  });

  it('invites an existing account of another tenant without adding it: same answer, a link, no membership', async () => {
    const existing = await seedTreeMember(test, fixture, { in: 'B1', role: 'business_user' });
    const before = await membershipsOf(existing.userId);
    const result = await inviteMember(test.db, mailer, {
      actor: actor('agencyAdminA', 'A', 'agency_admin'),
      workspaceId: fixture.workspaceIds.A1,
      email: existing.email,
      roleTemplate: 'business_manager',
      baseUrl: BASE_URL,
      correlationId: correlation(),
    });
    expect(result).toStrictEqual({
      invitation: {
        workspace_id: fixture.workspaceIds.A1,
        email: existing.email,
        role_template: 'business_manager',
        expires_at: expect.any(String),
      },
      invite_status: 'invited',
    });
    expect(await countUsersWithEmail(existing.email)).toBe(1);
    expect(await membershipsOf(existing.userId)).toStrictEqual(before);
    const mails = await listMailbox(test.db, { to: existing.email, limit: 5 });
    expect(mails.map((mail) => mail.subject)).toStrictEqual([
      'You are invited to Northwind Dental',
    ]);
    const tokens = await test.admin.query(
      'select purpose, workspace_id, role_template from public.auth_tokens where user_id = $1',
      [existing.userId],
    );
    expect(tokens.rows).toStrictEqual([
      {
        purpose: 'invitation',
        workspace_id: fixture.workspaceIds.A1,
        role_template: 'business_manager',
      },
    ]);
  });

  it('answers CONFLICT for an existing membership', async () => {
    const existing = await seedTreeMember(test, fixture, { in: 'A1', role: 'business_user' });
    expect(
      await envelopeOf(
        inviteMember(test.db, mailer, {
          actor: actor('businessAdminA1', 'A1', 'business_admin'),
          workspaceId: fixture.workspaceIds.A1,
          email: existing.email,
          roleTemplate: 'business_user',
          baseUrl: BASE_URL,
          correlationId: correlation(),
        }),
      ),
    ).toStrictEqual({
      error: {
        code: 'CONFLICT',
        message: 'This person is already a member of this workspace.',
        details: { reason: 'already_member' },
        correlation_id: 'corr-test',
      },
    });
  });

  it('audits the impersonator when super invites while impersonating a business', async () => {
    const correlationId = correlation();
    const superId = fixture.userIds.superAdmin;
    const impersonating: WorkspaceContext = {
      user_id: superId,
      session_id: randomUUID(),
      workspace_id: fixture.workspaceIds.A1,
      role_template: 'super_admin',
      permissions: impersonationCapabilities(ROLE_CAPABILITIES.super_admin),
      impersonation: {
        active: true,
        actor_user_id: superId,
        actor_workspace_id: fixture.workspaceIds.S,
        target_workspace_id: fixture.workspaceIds.A1,
      },
    };
    const email = uniqueEmail('impersonated-invite');
    await inviteMember(test.db, mailer, {
      actor: impersonating,
      workspaceId: fixture.workspaceIds.A1,
      email,
      roleTemplate: 'business_admin',
      baseUrl: BASE_URL,
      correlationId,
    });
    const [row] = await auditRows(correlationId);
    expect(row).toMatchObject({
      actor_user_id: superId,
      impersonator_user_id: superId,
      target_type: 'invitation',
    });
    expect(row?.metadata_json.impersonation).toStrictEqual({
      actor_user_id: superId,
      actor_workspace_id: fixture.workspaceIds.S,
      target_workspace_id: fixture.workspaceIds.A1,
    });
  });

  const denied: {
    name: string;
    who: [UserKey, WorkspaceKey, RoleTemplate];
    into: WorkspaceKey;
    role: string;
    envelope: unknown;
  }[] = [
    {
      name: 'a business user (no users.invite)',
      who: ['businessUserA1', 'A1', 'business_user'],
      into: 'A1',
      role: 'business_user',
      envelope: {
        error: {
          code: 'PERMISSION_DENIED',
          message: 'You do not have permission to do this.',
          details: { required_permission: 'users.invite' },
          correlation_id: 'corr-test',
        },
      },
    },
    {
      name: "agency B's admin into agency A's business",
      who: ['agencyAdminB', 'B', 'agency_admin'],
      into: 'A1',
      role: 'business_user',
      envelope: 'forbidden-A1',
    },
    {
      name: "business B1's admin into business A1",
      who: ['businessAdminB1', 'B1', 'business_admin'],
      into: 'A1',
      role: 'business_user',
      envelope: 'forbidden-A1',
    },
    {
      name: 'a role of another workspace level',
      who: ['agencyAdminA', 'A', 'agency_admin'],
      into: 'A1',
      role: 'agency_admin',
      envelope: {
        error: {
          code: 'VALIDATION_BLOCKING',
          message: 'This role cannot be given in this workspace.',
          details: {
            field: 'role_template',
            reason: 'role_not_for_workspace_type',
            workspace_type: 'business',
          },
          correlation_id: 'corr-test',
        },
      },
    },
    {
      name: 'a role above the inviter (manager invites an admin)',
      who: ['businessManagerA1', 'A1', 'business_manager'],
      into: 'A1',
      role: 'business_admin',
      envelope: 'not-assignable:business_admin',
    },
    {
      // Claims carry users.manage, the membership denies it: claims ∩ database decides.
      name: 'a role needing users.manage, which the inviter is denied by an override',
      who: ['agencyManagerA', 'A', 'agency_manager'],
      into: 'A1',
      role: 'business_manager',
      envelope: 'not-assignable:business_manager',
    },
  ];

  for (const testCase of denied) {
    it(`refuses ${testCase.name} and changes nothing`, async () => {
      const email = uniqueEmail('refused');
      const [user, workspace, role] = testCase.who;
      const expected =
        testCase.envelope === 'forbidden-A1'
          ? {
              error: {
                code: 'WORKSPACE_FORBIDDEN',
                message: 'You do not have access to this workspace.',
                details: { workspace_id: fixture.workspaceIds.A1 },
                correlation_id: 'corr-test',
              },
            }
          : typeof testCase.envelope === 'string'
            ? {
                error: {
                  code: 'PERMISSION_DENIED',
                  message: 'You cannot grant a role with more rights than your own.',
                  details: {
                    role_template: testCase.envelope.split(':')[1],
                    reason: 'role_not_assignable',
                  },
                  correlation_id: 'corr-test',
                },
              }
            : testCase.envelope;
      const correlationId = correlation();
      expect(
        await envelopeOf(
          inviteMember(test.db, mailer, {
            actor: actor(user, workspace, role),
            workspaceId: fixture.workspaceIds[testCase.into],
            email,
            roleTemplate: testCase.role,
            baseUrl: BASE_URL,
            correlationId,
          }),
        ),
      ).toStrictEqual(expected);
      expect(await countUsersWithEmail(email)).toBe(0);
      expect(await listMailbox(test.db, { to: email, limit: 5 })).toStrictEqual([]);
      expect(await auditRows(correlationId)).toStrictEqual([]);
    });
  }
});

describe('an address invited by two tenants before it has an account', () => {
  it('joins only the workspace whose invitation its owner accepts, which governs the account', async () => {
    const email = uniqueEmail('pre-claimed');
    const inviteBy = (who: [UserKey, WorkspaceKey, RoleTemplate], into: WorkspaceKey) =>
      inviteMember(test.db, mailer, {
        actor: actor(...who),
        workspaceId: fixture.workspaceIds[into],
        email,
        roleTemplate: 'business_user',
        baseUrl: BASE_URL,
        correlationId: correlation(),
      });
    const first = await inviteBy(['businessAdminA1', 'A1', 'business_admin'], 'A1');
    const tokenA1 = await tokenMailedTo(email);
    const second = await inviteBy(['businessAdminB1', 'B1', 'business_admin'], 'B1');
    const tokenB1 = await tokenMailedTo(email);
    // The second tenant gets the answer of the first: the address is not known to be taken.
    const shape = ({ invitation, invite_status }: typeof first) => ({
      ...invitation,
      workspace_id: '',
      expires_at: '',
      invite_status,
    });
    expect(shape(second)).toStrictEqual(shape(first));
    const userId = await userIdOf(email);
    expect(await membershipsOf(userId)).toStrictEqual([]);

    await acceptInvitation(test.db, {
      failureLimiter: testLimiter,
      token: tokenB1,
      password: PASSWORD,
    });
    expect(await membershipsOf(userId)).toStrictEqual([
      {
        workspace_id: fixture.workspaceIds.B1,
        role_template: 'business_user',
        governs_account: true,
        invited_by_user_id: fixture.userIds.businessAdminB1,
      },
    ]);
    // A1's invitation is still only an invitation: accepting it later adds a guest membership.
    await acceptInvitation(test.db, {
      failureLimiter: testLimiter,
      token: tokenA1,
      password: PASSWORD,
    });
    expect(await membershipsOf(userId)).toStrictEqual([
      {
        workspace_id: fixture.workspaceIds.B1,
        role_template: 'business_user',
        governs_account: true,
        invited_by_user_id: fixture.userIds.businessAdminB1,
      },
      {
        workspace_id: fixture.workspaceIds.A1,
        role_template: 'business_user',
        governs_account: false,
        invited_by_user_id: fixture.userIds.businessAdminA1,
      },
    ]);
  });
});

describe('acceptInvitation', () => {
  async function invite(): Promise<{ email: string; userId: string; token: string }> {
    const email = uniqueEmail('accept');
    await inviteMember(test.db, mailer, {
      actor: actor('agencyAdminA', 'A', 'agency_admin'),
      workspaceId: fixture.workspaceIds.A2,
      email,
      roleTemplate: 'business_admin',
      baseUrl: BASE_URL,
      correlationId: correlation(),
    });
    return { email, userId: await userIdOf(email), token: await tokenMailedTo(email) };
  }

  it('sets the password, activates the user, audits, and the link works once', async () => {
    const { userId, token } = await invite();
    const correlationId = correlation();
    const result = await acceptInvitation(test.db, {
      failureLimiter: testLimiter,
      token,
      password: PASSWORD,
      displayName: ' Ada ',
      correlationId,
    });
    expect(result.workspace_id).toBe(fixture.workspaceIds.A2);
    expect(result.user).toMatchObject({ id: userId, status: 'active', display_name: 'Ada' });
    const credential = await test.admin.query<{ password_hash: string }>(
      'select password_hash from public.user_credentials where user_id = $1',
      [userId],
    );
    expect(await verifyPassword(credential.rows[0]?.password_hash ?? '', PASSWORD)).toBe(true);
    expect(await auditRows(correlationId)).toStrictEqual([
      {
        workspace_id: fixture.workspaceIds.A2,
        actor_user_id: userId,
        impersonator_user_id: null,
        action: 'user.invitation_accepted',
        target_type: 'user',
        target_id: userId,
        metadata_json: { role_template: 'business_admin' },
      },
    ]);
    expect(
      await envelopeOf(
        acceptInvitation(test.db, { failureLimiter: testLimiter, token, password: PASSWORD }),
      ),
    ).toStrictEqual({
      error: {
        code: 'SESSION_INVALID',
        message: 'This link is invalid or has expired.',
        correlation_id: 'corr-test',
      },
    });
  });

  it('refuses a weak password without spending the link', async () => {
    const { token } = await invite();
    expect(
      await envelopeOf(
        acceptInvitation(test.db, { failureLimiter: testLimiter, token, password: 'short' }),
      ),
    ).toStrictEqual({
      error: {
        code: 'VALIDATION_BLOCKING',
        message: 'Use a password of at least 12 characters.',
        details: { field: 'new_password', reason: 'too_short', min_length: 12, max_length: 256 },
        correlation_id: 'corr-test',
      },
    });
    expect(
      (await acceptInvitation(test.db, { failureLimiter: testLimiter, token, password: PASSWORD }))
        .user.status,
    ).toBe('active');
  });

  it('refuses an expired invitation and one of a user suspended meanwhile', async () => {
    const expired = await invite();
    await test.admin.query(
      `update public.auth_tokens set created_at = now() - interval '8 days', expires_at = now() - interval '1 day'
        where user_id = $1`,
      [expired.userId],
    );
    const suspended = await invite();
    await test.admin.query(`update public.users set status = 'suspended' where id = $1`, [
      suspended.userId,
    ]);
    for (const { token, userId } of [expired, suspended]) {
      expect(
        await envelopeOf(
          acceptInvitation(test.db, { failureLimiter: testLimiter, token, password: PASSWORD }),
        ),
      ).toStrictEqual({
        error: {
          code: 'SESSION_INVALID',
          message: 'This link is invalid or has expired.',
          correlation_id: 'corr-test',
        },
      });
      const credential = await test.admin.query(
        'select 1 from public.user_credentials where user_id = $1',
        [userId],
      );
      expect(credential.rowCount).toBe(0);
    }
  });

  it('lets an existing account accept with its own password: the membership is added, nothing taken away', async () => {
    const existing = await seedTreeMember(test, fixture, { in: 'B1', role: 'business_user' });
    await test.admin.query(
      'insert into public.user_credentials (user_id, password_hash) values ($1, $2)',
      [existing.userId, await hashPassword(PASSWORD)],
    );
    await inviteMember(test.db, mailer, {
      actor: actor('agencyAdminA', 'A', 'agency_admin'),
      workspaceId: fixture.workspaceIds.A1,
      email: existing.email,
      roleTemplate: 'business_user',
      baseUrl: BASE_URL,
      correlationId: correlation(),
    });
    const token = await tokenMailedTo(existing.email);

    expect(
      await envelopeOf(
        acceptInvitation(test.db, {
          failureLimiter: testLimiter,
          token,
          password: 'not the password at all',
        }),
      ),
    ).toStrictEqual({
      error: {
        code: 'AUTH_REQUIRED',
        message: 'This account already has a password: enter it to accept the invitation.',
        details: { reason: 'wrong_password' },
        correlation_id: 'corr-test',
      },
    });
    expect(await membershipsOf(existing.userId)).toHaveLength(1);

    const accepted = await acceptInvitation(test.db, {
      failureLimiter: testLimiter,
      token,
      password: PASSWORD,
      displayName: 'Not Renamed',
    });
    expect(accepted.user).toMatchObject({
      id: existing.userId,
      status: 'active',
      display_name: null,
    });
    expect(await membershipsOf(existing.userId)).toStrictEqual([
      {
        workspace_id: fixture.workspaceIds.B1,
        role_template: 'business_user',
        governs_account: true,
        invited_by_user_id: null,
      },
      {
        workspace_id: fixture.workspaceIds.A1,
        role_template: 'business_user',
        governs_account: false,
        invited_by_user_id: fixture.userIds.agencyAdminA,
      },
    ]);
  });
});
