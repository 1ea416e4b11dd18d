import { seedUser } from '@aiconnected/db/testing';
import { ROLE_CAPABILITIES, canAssignRole } from '@aiconnected/permissions';
import { describe, expect, it } from 'vitest';
import { setupRlsDatabase } from './support/rls-database';
import { inTreeOrder, workspacesWithCapability } from './support/expectations';
import { snapshotRows } from './support/rows';
import {
  MEMBERS,
  memberContext,
  memberNamed,
  userIdOf,
  type WorkspaceKey,
} from './support/tenant-fixture';
import {
  asService,
  attempt,
  inRolledBackWorkspace,
  summarize,
  thenUndo,
} from './support/transactions';

// users and workspaces have no workspace_id; their rows belong to the tree through
// memberships and parents. Same matrix idea as writes.test.ts, row by row.

const rls = setupRlsDatabase();

/** Ids (as values of `ids`) whose full row changed between two snapshots. */
function changedKeys<K extends string>(
  ids: Record<K, string>,
  before: Map<string, string>,
  after: Map<string, string>,
): K[] {
  return (Object.keys(ids) as K[]).filter((key) => before.get(ids[key]) !== after.get(ids[key]));
}

describe('workspaces writes', () => {
  it.each(MEMBERS)(
    '$label creates and renames workspaces only with settings.manage in scope',
    async (member) => {
      const result = await inRolledBackWorkspace(
        rls.test.db,
        memberContext(rls.fixture, member),
        async (tx) => {
          const create = async (type: 'agency' | 'business', parent: WorkspaceKey) =>
            thenUndo(tx, async () =>
              summarize(
                await attempt(
                  tx,
                  'insert into public.workspaces (type, parent_workspace_id, name) values ($1, $2, $3)',
                  [type, rls.fixture.workspaceIds[parent], `RLS new under ${parent}`],
                ),
              ),
            );
          const created = {
            agencyUnderSuper: await create('agency', 'super'),
            businessUnderA: await create('business', 'A'),
            businessUnderB: await create('business', 'B'),
          };
          const ids = Object.values(rls.fixture.workspaceIds);
          const before = await asService(tx, (svc) => snapshotRows(svc, 'workspaces', ids));
          const rename = summarize(
            await attempt(
              tx,
              "update public.workspaces set name = name || ' renamed' where id = any($1::uuid[])",
              [ids],
            ),
          );
          const after = await asService(tx, (svc) => snapshotRows(svc, 'workspaces', ids));
          const remove = summarize(
            await attempt(tx, 'delete from public.workspaces where id = any($1::uuid[])', [ids]),
          );
          return {
            created,
            rename,
            renamed: inTreeOrder(changedKeys(rls.fixture.workspaceIds, before, after)),
            remove,
          };
        },
      );
      const settings = workspacesWithCapability(member, 'settings.manage');
      const may = (parent: WorkspaceKey) => (settings.includes(parent) ? 'ok' : '42501');
      expect(result).toStrictEqual({
        created: {
          agencyUnderSuper: may('super'),
          businessUnderA: may('A'),
          businessUnderB: may('B'),
        },
        rename: 'ok',
        renamed: settings,
        // No DELETE privilege: workspaces are archived by status, never deleted.
        remove: '42501',
      });
    },
  );

  it('refuses moving a workspace to another parent through request code (no column privilege)', async () => {
    const member = memberNamed('super.super_admin');
    const outcome = await inRolledBackWorkspace(
      rls.test.db,
      memberContext(rls.fixture, member),
      (tx) =>
        attempt(tx, 'update public.workspaces set parent_workspace_id = $1 where id = $2', [
          rls.fixture.workspaceIds.B,
          rls.fixture.workspaceIds.A1,
        ]),
    );
    expect(summarize(outcome)).toBe('42501');
  });
});

describe('users writes', () => {
  it.each(MEMBERS)(
    '$label invites with users.invite and edits users it manages everywhere',
    async (member) => {
      const result = await inRolledBackWorkspace(
        rls.test.db,
        memberContext(rls.fixture, member),
        async (tx) => {
          const invite = await thenUndo(tx, async () =>
            summarize(
              await attempt(
                tx,
                "insert into public.users (email) values ('rls-invited@example.test')",
              ),
            ),
          );
          const ids = rls.fixture.userIds;
          const before = await asService(tx, (svc) =>
            snapshotRows(svc, 'users', Object.values(ids)),
          );
          await attempt(
            tx,
            "update public.users set display_name = 'Edited' where id = any($1::uuid[])",
            [Object.values(ids)],
          );
          const after = await asService(tx, (svc) =>
            snapshotRows(svc, 'users', Object.values(ids)),
          );
          const remove = summarize(
            await attempt(tx, 'delete from public.users where id = $1', [
              userIdOf(rls.fixture, member),
            ]),
          );
          const ownStatus = summarize(
            await attempt(tx, "update public.users set status = 'suspended' where id = $1", [
              userIdOf(rls.fixture, member),
            ]),
            true,
          );
          return { invite, edited: changedKeys(ids, before, after).sort(), remove, ownStatus };
        },
      );
      const managed = workspacesWithCapability(member, 'users.manage');
      // 020: and only users whose role the member could assign (no manager edits an admin).
      const expectedEdited = MEMBERS.filter(
        (other) =>
          other === member ||
          (managed.includes(other.home) &&
            canAssignRole(ROLE_CAPABILITIES[member.role], other.role)),
      ).map((other) => other.label);
      expect(result).toStrictEqual({
        invite: workspacesWithCapability(member, 'users.invite').length > 0 ? 'ok' : '42501',
        edited: expectedEdited.sort(),
        remove: '42501',
        // Nobody changes their own status (WITH CHECK keeps it active).
        ownStatus: '42501',
      });
    },
  );

  it('needs users.manage over every workspace of the target: a member of A1 and B1 is managed only by super', async () => {
    const target = await rls.test.db.withService('rls matrix: user in two tenants', async (svc) => {
      const { id: userId } = await seedUser(svc, { handle: 'rls-two-tenants' });
      for (const key of ['A1', 'B1'] as const) {
        await svc.query(
          "insert into public.workspace_memberships (workspace_id, user_id, role_template) values ($1, $2, 'business_user')",
          [rls.fixture.workspaceIds[key], userId],
        );
      }
      return userId;
    });
    const editors: string[] = [];
    for (const member of MEMBERS) {
      const outcome = await inRolledBackWorkspace(
        rls.test.db,
        memberContext(rls.fixture, member),
        (tx) =>
          attempt(tx, "update public.users set display_name = 'Edited' where id = $1", [target]),
      );
      if (outcome.ok && outcome.rowCount === 1) editors.push(member.label);
    }
    expect(editors).toStrictEqual(['super.super_admin', 'super.super_manager']);
  });
});

describe('own membership', () => {
  const admins = ['super.super_admin', 'A.agency_admin', 'A1.business_admin'].map(memberNamed);

  it.each(admins)(
    '$label cannot change, remove or extend its own membership or overrides',
    async (member) => {
      const userId = userIdOf(rls.fixture, member);
      const home = rls.fixture.workspaceIds[member.home];
      const result = await inRolledBackWorkspace(
        rls.test.db,
        memberContext(rls.fixture, member),
        async (tx) => {
          const own = 'user_id = $1 and workspace_id = $2';
          return {
            demote: summarize(
              await attempt(
                tx,
                `update public.workspace_memberships set active = false where ${own}`,
                [userId, home],
              ),
              true,
            ),
            remove: summarize(
              await attempt(tx, `delete from public.workspace_memberships where ${own}`, [
                userId,
                home,
              ]),
              true,
            ),
            joinChild: summarize(
              await attempt(
                tx,
                "insert into public.workspace_memberships (workspace_id, user_id, role_template) values ($1, $2, 'business_admin')",
                [rls.fixture.workspaceIds.A2, userId],
              ),
            ),
            override: summarize(
              await attempt(
                tx,
                `insert into public.membership_permissions (membership_id, workspace_id, permission_id, allow)
             select m.id, m.workspace_id, p.id, true from public.workspace_memberships m, public.permissions p
              where m.user_id = $1 and m.workspace_id = $2 and p.code = 'impersonation.super.start'`,
                [userId, home],
              ),
            ),
          };
        },
      );
      expect(result).toStrictEqual({
        demote: 'ok:0',
        remove: 'ok:0',
        joinChild: '42501',
        override: '42501',
      });
    },
  );
});
