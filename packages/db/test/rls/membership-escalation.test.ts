import type { Tx } from '@aiconnected/db';
import { seedUser } from '@aiconnected/db/testing';
import { describe, expect, it } from 'vitest';
import { setupRlsDatabase } from './support/rls-database';
import {
  MEMBERS,
  memberContext,
  memberNamed,
  only,
  userIdOf,
  type WorkspaceKey,
} from './support/tenant-fixture';
import {
  asService,
  attempt,
  inRolledBackService,
  inRolledBackWorkspace,
  summarize,
} from './support/transactions';

// 017/020: assigning a role template or granting a capability needs the writer to hold every
// capability involved in that workspace (claims ∩ database; impersonation.super.start covers
// impersonation.agency_business.start); nobody is exempt since 020, super included. Denying
// stays open to every users.manage holder. No request inserts a membership (025): the
// service writes it when an invitation is accepted; the membership matrix (writes.test.ts)
// refuses every member's insert in every workspace.

const rls = setupRlsDatabase();

/** The membership id of a seeded member (read as service). */
function membershipOf(tx: Tx, label: string): Promise<string> {
  return asService(tx, async (svc) => {
    const { rows } = await svc.query<{ id: string }>(
      'select id from public.workspace_memberships where user_id = $1',
      [userIdOf(rls.fixture, memberNamed(label))],
    );
    return only(rows).id;
  });
}

/** As `actor`, in its home workspace: runs `act` and returns its outcome (`ok:<rows>` or SQLSTATE). */
function as(actor: string, act: (tx: Tx) => Promise<Parameters<typeof summarize>[0]>) {
  return inRolledBackWorkspace(
    rls.test.db,
    memberContext(rls.fixture, memberNamed(actor)),
    async (tx) => summarize(await act(tx), true),
  );
}

const setRole = (tx: Tx, membershipId: string, role: string) =>
  attempt(tx, 'update public.workspace_memberships set role_template = $1 where id = $2', [
    role,
    membershipId,
  ]);

/** Inserts a membership with `role` in `key` for a new user (created as service). */
const addMember = async (tx: Tx, key: WorkspaceKey, role: string) => {
  const { id: userId } = await asService(tx, (svc) => seedUser(svc, { handle: 'rls-escalation' }));
  return attempt(
    tx,
    'insert into public.workspace_memberships (workspace_id, user_id, role_template) values ($1, $2, $3)',
    [rls.fixture.workspaceIds[key], userId, role],
  );
};

/** An override of `cap` on `membershipId` in `key`. */
const override = (tx: Tx, membershipId: string, key: WorkspaceKey, cap: string, allow: boolean) =>
  attempt(
    tx,
    `insert into public.membership_permissions (membership_id, workspace_id, permission_id, allow)
     select $1, $2, id, $3 from public.permissions where code = $4`,
    [membershipId, rls.fixture.workspaceIds[key], allow, cap],
  );

describe('a business_manager (users.manage, not settings.manage)', () => {
  const manager = 'A1.business_manager';

  it('cannot grant another member settings.manage', async () => {
    const outcome = await as(manager, async (tx) =>
      override(tx, await membershipOf(tx, 'A1.business_user'), 'A1', 'settings.manage', true),
    );
    expect(outcome).toBe('42501');
  });

  it('can still deny a member a capability, and grant one it holds itself', async () => {
    const outcomes = await inRolledBackWorkspace(
      rls.test.db,
      memberContext(rls.fixture, memberNamed(manager)),
      async (tx) => {
        const target = await membershipOf(tx, 'A1.business_user');
        return [
          summarize(await override(tx, target, 'A1', 'settings.manage', false)),
          summarize(await override(tx, target, 'A1', 'branding.edit', true)),
        ];
      },
    );
    expect(outcomes).toStrictEqual(['ok', 'ok']);
  });

  it('cannot lift a deny of a capability it lacks (removing a deny grants)', async () => {
    const outcome = await as(manager, async (tx) => {
      const target = await membershipOf(tx, 'A1.business_user');
      await asService(tx, (svc) => override(svc, target, 'A1', 'billing.manage', false));
      return attempt(tx, 'delete from public.membership_permissions where membership_id = $1', [
        target,
      ]);
    });
    expect(outcome).toBe('ok:0');
  });

  it('cannot promote a member to business_admin', async () => {
    const outcome = await as(manager, async (tx) =>
      setRole(tx, await membershipOf(tx, 'A1.business_user'), 'business_admin'),
    );
    expect(outcome).toBe('42501');
  });

  it('cannot demote, deactivate or remove the business_admin', async () => {
    const outcomes = await inRolledBackWorkspace(
      rls.test.db,
      memberContext(rls.fixture, memberNamed(manager)),
      async (tx) => {
        const admin = await membershipOf(tx, 'A1.business_admin');
        return [
          summarize(await setRole(tx, admin, 'business_user'), true),
          summarize(
            await attempt(
              tx,
              'update public.workspace_memberships set active = false where id = $1',
              [admin],
            ),
            true,
          ),
          summarize(
            await attempt(tx, 'delete from public.workspace_memberships where id = $1', [admin]),
            true,
          ),
        ];
      },
    );
    expect(outcomes).toStrictEqual(['ok:0', 'ok:0', 'ok:0']);
  });
});

describe('who may assign roles', () => {
  it('a business_admin assigns business_manager (and lifts a deny it holds)', async () => {
    const outcomes = await inRolledBackWorkspace(
      rls.test.db,
      memberContext(rls.fixture, memberNamed('A1.business_admin')),
      async (tx) => {
        const target = await membershipOf(tx, 'A1.business_user');
        await asService(tx, (svc) => override(svc, target, 'A1', 'billing.manage', false));
        return [
          summarize(await setRole(tx, target, 'business_manager'), true),
          summarize(
            await attempt(
              tx,
              'delete from public.membership_permissions where membership_id = $1',
              [target],
            ),
            true,
          ),
        ];
      },
    );
    expect(outcomes).toStrictEqual(['ok:1', 'ok:1']);
  });

  it('an agency_admin assigns business_admin in a child business', async () => {
    const outcome = await as('A.agency_admin', async (tx) =>
      setRole(tx, await membershipOf(tx, 'A1.business_user'), 'business_admin'),
    );
    expect(outcome).toBe('ok:1');
  });

  it('an agency_manager does not (it lacks settings.manage, billing.manage, ...)', async () => {
    const outcome = await as('A.agency_manager', async (tx) =>
      setRole(tx, await membershipOf(tx, 'A1.business_user'), 'business_admin'),
    );
    expect(outcome).toBe('42501');
  });

  it('a super_admin assigns every role and the agency impersonation its super start covers', async () => {
    const outcomes = await inRolledBackWorkspace(
      rls.test.db,
      memberContext(rls.fixture, memberNamed('super.super_admin')),
      async (tx) => {
        const agencyUser = await membershipOf(tx, 'B.agency_user');
        return [
          summarize(await setRole(tx, agencyUser, 'agency_admin'), true),
          summarize(
            await override(tx, agencyUser, 'B', 'impersonation.agency_business.start', true),
          ),
        ];
      },
    );
    expect(outcomes).toStrictEqual(['ok:1', 'ok']);
  });
});

describe('020: no exemption; 025: no membership inserted by a request', () => {
  it('a super_manager neither assigns an admin role nor grants billing.manage', async () => {
    const outcomes = await inRolledBackWorkspace(
      rls.test.db,
      memberContext(rls.fixture, memberNamed('super.super_manager')),
      async (tx) => {
        const agencyUser = await membershipOf(tx, 'B.agency_user');
        return [
          summarize(await setRole(tx, agencyUser, 'agency_admin'), true),
          summarize(await override(tx, agencyUser, 'B', 'billing.manage', true)),
        ];
      },
    );
    expect(outcomes).toStrictEqual(['42501', '42501']);
  });

  it('an agency_admin adds neither an account of another workspace nor a new one', async () => {
    const outcomes = await inRolledBackWorkspace(
      rls.test.db,
      memberContext(rls.fixture, memberNamed('A.agency_admin')),
      async (tx) => {
        const other = userIdOf(rls.fixture, memberNamed('B1.business_user'));
        const insert = (userId: string) =>
          attempt(
            tx,
            "insert into public.workspace_memberships (workspace_id, user_id, role_template) values ($1, $2, 'business_user')",
            [rls.fixture.workspaceIds.A1, userId],
          );
        return [
          summarize(await insert(other)),
          summarize(
            await attempt(
              tx,
              "insert into public.workspace_memberships (workspace_id, user_id, role_template, governs_account) values ($1, $2, 'business_user', false)",
              [rls.fixture.workspaceIds.A1, other],
            ),
          ),
          summarize(await addMember(tx, 'A1', 'business_user')),
        ];
      },
    );
    expect(outcomes).toStrictEqual(['42501', '42501', '42501']);
  });

  it.each(MEMBERS)(
    '$label inserts no membership, not even with its own role for a new account in its home',
    async (member) => {
      const outcome = await as(member.label, (tx) => addMember(tx, member.home, member.role));
      expect(outcome).toBe('42501');
    },
  );

  it('the service still inserts a membership (accepting an invitation)', async () => {
    const outcome = await inRolledBackService(rls.test.db, 'rls: service inserts', async (svc) =>
      summarize(
        await attempt(
          svc,
          "insert into public.workspace_memberships (workspace_id, user_id, role_template, governs_account) values ($1, $2, 'business_user', false)",
          [rls.fixture.workspaceIds.A1, (await seedUser(svc, { handle: 'rls-service-insert' })).id],
        ),
        true,
      ),
    );
    expect(outcome).toBe('ok:1');
  });
});
