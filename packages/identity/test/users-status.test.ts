import { randomUUID } from 'node:crypto';
import { setupTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { type RoleTemplate } from '@aiconnected/permissions';
import { type WorkspaceContext } from '@aiconnected/sdk-contracts';
import { describe, expect, it } from 'vitest';
import { actorFor, envelopeOf, correlation } from './support/user-actions';
import { setPassword } from '../src/auth/set-password';
import { createSession } from '../src/sessions/create-session';
import { authenticateSession } from '@aiconnected/identity';
import { updateUser } from '../src/users/update-user';
import {
  seedContextTree,
  type ContextFixture,
  type UserKey,
  type WorkspaceKey,
} from './context-fixture';

let test: TestDatabase;
let fixture: ContextFixture;

setupTestDatabase(seedContextTree, (seeded) => {
  ({ database: test, tree: fixture } = seeded);
});

const actor = actorFor(() => fixture);
/** A business admin of A1 acting as the user `userId` (so the actor is the target). */
const selfIn = (workspace: 'A1', userId: string): WorkspaceContext => ({
  ...actor('businessAdminA1', workspace, 'business_admin'),
  user_id: userId,
});

/** A new active user with memberships (and a password when asked), seeded as the superuser. */
async function seedUser(
  memberships: [WorkspaceKey, RoleTemplate][],
  withPassword = true,
): Promise<string> {
  const { rows } = await test.admin.query<{ id: string }>(
    `insert into public.users (email, status, display_name) values ($1, 'active', 'Before') returning id`,
    [`status-${randomUUID().slice(0, 8)}@mail.test`],
  );
  const userId = rows[0]?.id ?? '';
  for (const [workspace, role] of memberships) {
    await test.admin.query(
      'insert into public.workspace_memberships (workspace_id, user_id, role_template) values ($1, $2, $3)',
      [fixture.workspaceIds[workspace], userId, role],
    );
  }
  if (withPassword) {
    await test.db.withService('test: password', (tx) =>
      setPassword(tx, { userId, password: 'a long enough password' }),
    );
  }
  return userId;
}

const openSession = async (userId: string) =>
  (
    await test.db.withService('test: session', (tx) =>
      createSession(tx, { userId, activeWorkspaceId: null, ttlHours: 1 }),
    )
  ).token;

const sessionLives = async (token: string) => (await authenticateSession(test.db, token)) !== null;

const userRow = async (userId: string) =>
  (await test.admin.query('select status, display_name from public.users where id = $1', [userId]))
    .rows[0];

const auditRows = async (correlationId: string) =>
  (
    await test.admin.query(
      `select workspace_id, actor_user_id, impersonator_user_id, action, target_type, target_id,
            metadata_json - 'people' as metadata_json
         from public.audit_logs where correlation_id = $1`,
      [correlationId],
    )
  ).rows;

const forbiddenUser = (userId: string) => ({
  error: {
    code: 'WORKSPACE_FORBIDDEN',
    message: 'This user is outside the workspaces you manage.',
    details: { user_id: userId },
    correlation_id: 'corr-test',
  },
});
const denied = (permission: string) => ({
  error: {
    code: 'PERMISSION_DENIED',
    message: 'You do not have permission to do this.',
    details: { required_permission: permission },
    correlation_id: 'corr-test',
  },
});

describe('updateUser: status', () => {
  it('suspends an in-scope user, revoking every session at once, and reactivates them; both audited', async () => {
    const userId = await seedUser([['A1', 'business_user']]);
    const tokens = [await openSession(userId), await openSession(userId)];
    const suspendCorrelation = correlation();
    const suspended = await updateUser(test.db, {
      actor: actor('agencyAdminA', 'A', 'agency_admin'),
      userId,
      status: 'suspended',
      correlationId: suspendCorrelation,
    });
    expect(suspended.user).toMatchObject({ id: userId, status: 'suspended' });
    for (const token of tokens) expect(await sessionLives(token)).toBe(false);
    expect(await auditRows(suspendCorrelation)).toStrictEqual([
      {
        workspace_id: fixture.workspaceIds.A,
        actor_user_id: fixture.userIds.agencyAdminA,
        impersonator_user_id: null,
        action: 'user.suspend',
        target_type: 'user',
        target_id: userId,
        metadata_json: { from_status: 'active', to_status: 'suspended' },
      },
    ]);

    const reactivateCorrelation = correlation();
    const reactivated = await updateUser(test.db, {
      actor: actor('businessAdminA1', 'A1', 'business_admin'),
      userId,
      status: 'active',
      correlationId: reactivateCorrelation,
    });
    expect(reactivated.user.status).toBe('active');
    expect((await auditRows(reactivateCorrelation)).map((row) => row.action)).toStrictEqual([
      'user.reactivate',
    ]);
  });

  it('returns a reactivated user who never set a password to invited', async () => {
    const userId = await seedUser([['A1', 'business_user']], false);
    await test.admin.query(`update public.users set status = 'suspended' where id = $1`, [userId]);
    const { user } = await updateUser(test.db, {
      actor: actor('businessAdminA1', 'A1', 'business_admin'),
      userId,
      status: 'active',
      correlationId: correlation(),
    });
    expect(user.status).toBe('invited');
  });

  it('lets super in the platform workspace suspend anyone, also an agency admin', async () => {
    const userId = await seedUser([['B', 'agency_admin']]);
    const { user } = await updateUser(test.db, {
      actor: actor('superAdmin', 'S', 'super_admin'),
      userId,
      status: 'suspended',
      correlationId: correlation(),
    });
    expect(user.status).toBe('suspended');
  });

  it('lets super in the platform workspace suspend a user without any membership (platform scope)', async () => {
    const userId = await seedUser([]);
    const { user } = await updateUser(test.db, {
      actor: actor('superAdmin', 'S', 'super_admin'),
      userId,
      status: 'suspended',
      correlationId: correlation(),
    });
    expect(user.status).toBe('suspended');
  });

  const refusals: {
    name: string;
    who: [UserKey, WorkspaceKey, RoleTemplate];
    target: [WorkspaceKey, RoleTemplate][];
    expected: 'forbidden' | 'denied';
  }[] = [
    {
      name: "agency B's admin suspending a user of A1",
      who: ['agencyAdminB', 'B', 'agency_admin'],
      target: [['A1', 'business_user']],
      expected: 'forbidden',
    },
    {
      name: "business B1's admin suspending a user of A1",
      who: ['businessAdminB1', 'B1', 'business_admin'],
      target: [['A1', 'business_user']],
      expected: 'forbidden',
    },
    {
      name: "A1's admin suspending someone who is also an agency member",
      who: ['businessAdminA1', 'A1', 'business_admin'],
      target: [
        ['A1', 'business_user'],
        ['A', 'agency_user'],
      ],
      expected: 'forbidden',
    },
    {
      name: 'a business user',
      who: ['businessUserA1', 'A1', 'business_user'],
      target: [['A1', 'business_user']],
      expected: 'denied',
    },
    {
      name: 'an agency manager whose users.manage is denied by an override',
      who: ['agencyManagerA', 'A', 'agency_manager'],
      target: [['A1', 'business_user']],
      expected: 'denied',
    },
  ];
  for (const refusal of refusals) {
    it(`refuses ${refusal.name}; status and sessions unchanged`, async () => {
      const userId = await seedUser(refusal.target);
      const token = await openSession(userId);
      const correlationId = correlation();
      const [user, workspace, role] = refusal.who;
      expect(
        await envelopeOf(
          updateUser(test.db, {
            actor: actor(user, workspace, role),
            userId,
            status: 'suspended',
            correlationId,
          }),
        ),
      ).toStrictEqual(
        refusal.expected === 'forbidden' ? forbiddenUser(userId) : denied('users.manage'),
      );
      expect((await userRow(userId))?.status).toBe('active');
      expect(await sessionLives(token)).toBe(true);
      expect(await auditRows(correlationId)).toStrictEqual([]);
    });
  }

  it('refuses suspending oneself, and answers an unknown user like an out-of-scope one', async () => {
    expect(
      await envelopeOf(
        updateUser(test.db, {
          actor: actor('agencyAdminA', 'A', 'agency_admin'),
          userId: fixture.userIds.agencyAdminA,
          status: 'suspended',
          correlationId: correlation(),
        }),
      ),
    ).toStrictEqual({
      error: {
        code: 'PERMISSION_DENIED',
        message: 'You cannot suspend or reactivate your own account.',
        details: { reason: 'own_account' },
        correlation_id: 'corr-test',
      },
    });
    const unknown = randomUUID();
    expect(
      await envelopeOf(
        updateUser(test.db, {
          actor: actor('agencyAdminA', 'A', 'agency_admin'),
          userId: unknown,
          status: 'suspended',
          correlationId: correlation(),
        }),
      ),
    ).toStrictEqual(forbiddenUser(unknown));
  });
});

describe('updateUser: profile', () => {
  it('lets a user rename themselves and an in-scope manager rename them, audited', async () => {
    const userId = await seedUser([['A1', 'business_admin']]);
    const self = selfIn('A1', userId);
    const correlationId = correlation();
    expect(
      (
        await updateUser(test.db, {
          actor: self,
          userId,
          displayName: '  Grace  ',
          correlationId,
        })
      ).user.display_name,
    ).toBe('Grace');
    expect(await auditRows(correlationId)).toStrictEqual([
      {
        workspace_id: fixture.workspaceIds.A1,
        actor_user_id: userId,
        impersonator_user_id: null,
        action: 'user.profile_update',
        target_type: 'user',
        target_id: userId,
        metadata_json: { display_name: { from: 'Before', to: 'Grace' } },
      },
    ]);
    const renamed = await updateUser(test.db, {
      actor: actor('agencyAdminA', 'A', 'agency_admin'),
      userId,
      displayName: 'Grace H.',
      correlationId: correlation(),
    });
    expect(renamed.user.display_name).toBe('Grace H.');
  });

  it('refuses another tenant, a plain user and an empty name; nothing changes', async () => {
    const userId = await seedUser([['A1', 'business_user']]);
    expect(
      await envelopeOf(
        updateUser(test.db, {
          actor: actor('agencyAdminB', 'B', 'agency_admin'),
          userId,
          displayName: 'X',
          correlationId: correlation(),
        }),
      ),
    ).toStrictEqual(forbiddenUser(userId));
    expect(
      await envelopeOf(
        updateUser(test.db, {
          actor: actor('businessUserA1', 'A1', 'business_user'),
          userId,
          displayName: 'X',
          correlationId: correlation(),
        }),
      ),
    ).toStrictEqual(denied('users.manage'));
    expect(
      await envelopeOf(
        updateUser(test.db, {
          actor: actor('businessAdminA1', 'A1', 'business_admin'),
          userId,
          displayName: '   ',
          correlationId: correlation(),
        }),
      ),
    ).toStrictEqual({
      error: {
        code: 'VALIDATION_BLOCKING',
        message: 'Enter a name of 1 to 200 characters.',
        details: { field: 'display_name', reason: 'empty', max_length: 200 },
        correlation_id: 'corr-test',
      },
    });
    expect((await userRow(userId))?.display_name).toBe('Before');
  });
});

describe('updateUser: profile and status together', () => {
  it('applies both in one transaction, each audited', async () => {
    const userId = await seedUser([['A1', 'business_user']]);
    const correlationId = correlation();
    const { user } = await updateUser(test.db, {
      actor: actor('businessAdminA1', 'A1', 'business_admin'),
      userId,
      displayName: 'After',
      status: 'suspended',
      correlationId,
    });
    expect(user).toMatchObject({ id: userId, display_name: 'After', status: 'suspended' });
    expect(await userRow(userId)).toStrictEqual({ status: 'suspended', display_name: 'After' });
    const actions = (await auditRows(correlationId)).map((row) => row.action);
    expect(actions.sort()).toStrictEqual(['user.profile_update', 'user.suspend']);
  });

  it('rolls the profile back when the status change is refused (one’s own account)', async () => {
    const userId = await seedUser([['A1', 'business_admin']]);
    const self = selfIn('A1', userId);
    const correlationId = correlation();
    expect(
      await envelopeOf(
        updateUser(test.db, {
          actor: self,
          userId,
          displayName: 'Renamed',
          status: 'suspended',
          correlationId,
        }),
      ),
    ).toStrictEqual({
      error: {
        code: 'PERMISSION_DENIED',
        message: 'You cannot suspend or reactivate your own account.',
        details: { reason: 'own_account' },
        correlation_id: 'corr-test',
      },
    });
    expect(await userRow(userId)).toStrictEqual({ status: 'active', display_name: 'Before' });
    expect(await auditRows(correlationId)).toStrictEqual([]);
  });

  it('refuses a request without a change', async () => {
    const userId = await seedUser([['A1', 'business_user']]);
    expect(
      await envelopeOf(
        updateUser(test.db, {
          actor: actor('businessAdminA1', 'A1', 'business_admin'),
          userId,
          correlationId: correlation(),
        }),
      ),
    ).toStrictEqual({
      error: {
        code: 'VALIDATION_BLOCKING',
        message: 'Some information is invalid. Please review it and try again.',
        details: { issues: [{ path: 'body', message: 'Provide profile or status' }] },
        correlation_id: 'corr-test',
      },
    });
  });
});
