import type { Tx } from '@aiconnected/db';
import { ROLE_CAPABILITIES, type Capability } from '@aiconnected/permissions';
import { describe, expect, it } from 'vitest';
import { setupRlsDatabase } from './support/rls-database';
import { insertStatement } from './support/rows';
import { globalRows, simpleRows } from './support/row-factories';
import { memberContext, memberNamed, userIdOf, type MemberSpec } from './support/tenant-fixture';
import { asService, attempt, inRolledBackWorkspace, summarize } from './support/transactions';

// The database, not the claims, decides what a membership may do: an inactive membership
// or a suspended user sees nothing, and membership overrides add or remove capabilities
// even when the claims say otherwise.

const rls = setupRlsDatabase();

/** As service, in the member's transaction: runs `sql` with the member's user id and home workspace id. */
function prepare(member: MemberSpec, sql: string) {
  return (tx: Tx) =>
    asService(tx, (svc) =>
      svc.query(sql, [userIdOf(rls.fixture, member), rls.fixture.workspaceIds[member.home]]),
    );
}

/** As service: an override of `cap` (`allow`) on the member's home membership. */
function override(member: MemberSpec, cap: Capability, allow: boolean) {
  return prepare(
    member,
    `insert into public.membership_permissions (membership_id, workspace_id, permission_id, allow)
     select m.id, m.workspace_id, p.id, ${allow} from public.workspace_memberships m, public.permissions p
      where m.user_id = $1 and m.workspace_id = $2 and p.code = '${cap}'`,
  );
}

/** After `setup`, what the member sees of its home workspace and whether it can add a theme (branding.edit) and a contact (visible) there. */
async function probe(
  member: MemberSpec,
  setup: (tx: Tx) => Promise<unknown>,
  claims: Capability[] = [...ROLE_CAPABILITIES[member.role]],
) {
  const home = rls.fixture.workspaceIds[member.home];
  return inRolledBackWorkspace(
    rls.test.db,
    memberContext(rls.fixture, member, { permissions: claims }),
    async (tx) => {
      await setup(tx);
      const { rowCount } = await tx.query('select 1 from public.workspaces where id = $1', [home]);
      const insert = async (table: string, values: Record<string, unknown>) => {
        const { sql, params } = insertStatement(table, values);
        return summarize(await attempt(tx, sql, params));
      };
      return {
        seesHome: rowCount === 1,
        theme: await insert('themes', simpleRows.themes(home)),
        contact: await insert('contacts', simpleRows.contacts(home)),
      };
    },
  );
}

const none = () => Promise.resolve();

describe('membership and user state', () => {
  const admin = memberNamed('A1.business_admin');

  it('an active admin sees its workspace and writes (control)', async () => {
    expect(await probe(admin, none)).toStrictEqual({ seesHome: true, theme: 'ok', contact: 'ok' });
  });

  it('an inactive membership sees and writes nothing', async () => {
    const deactivate = prepare(
      admin,
      'update public.workspace_memberships set active = false where user_id = $1 and workspace_id = $2',
    );
    expect(await probe(admin, deactivate)).toStrictEqual({
      seesHome: false,
      theme: '42501',
      contact: '42501',
    });
  });

  it.each(['suspended', 'invited'])('a %s user sees and writes nothing', async (status) => {
    const suspend = prepare(
      admin,
      `update public.users set status = '${status}' where id = $1 and $2::uuid is not null`,
    );
    expect(await probe(admin, suspend)).toStrictEqual({
      seesHome: false,
      theme: '42501',
      contact: '42501',
    });
  });

  it('an agency admin whose agency membership is inactive no longer governs its businesses', async () => {
    const agencyAdmin = memberNamed('A.agency_admin');
    const result = await inRolledBackWorkspace(
      rls.test.db,
      memberContext(rls.fixture, agencyAdmin, { workspace_id: rls.fixture.workspaceIds.A1 }),
      async (tx) => {
        await prepare(
          agencyAdmin,
          'update public.workspace_memberships set active = false where user_id = $1 and workspace_id = $2',
        )(tx);
        return (await tx.query('select id from public.workspaces')).rowCount;
      },
    );
    expect(result).toBe(0);
  });
});

describe('membership overrides', () => {
  it('a deny override removes a capability the role template grants, even when claimed', async () => {
    const admin = memberNamed('A1.business_admin');
    expect(await probe(admin, override(admin, 'branding.edit', false))).toStrictEqual({
      seesHome: true,
      theme: '42501',
      contact: 'ok',
    });
  });

  it('an allow override adds a capability the role template lacks, once claimed', async () => {
    const user = memberNamed('A1.business_user');
    const allow = override(user, 'branding.edit', true);
    expect({
      unclaimed: await probe(user, allow),
      claimed: await probe(user, allow, ['branding.edit']),
    }).toStrictEqual({
      unclaimed: { seesHome: true, theme: '42501', contact: 'ok' },
      claimed: { seesHome: true, theme: 'ok', contact: 'ok' },
    });
  });

  it('a deny override on a super membership removes the platform capability', async () => {
    const superAdmin = memberNamed('super.super_admin');
    const insertModule = async (setup: (tx: Tx) => Promise<unknown>) =>
      inRolledBackWorkspace(rls.test.db, memberContext(rls.fixture, superAdmin), async (tx) => {
        await setup(tx);
        const { sql, params } = insertStatement(
          'module_registry',
          await globalRows.module_registry(),
        );
        return summarize(await attempt(tx, sql, params));
      });
    expect({
      granted: await insertModule(none),
      denied: await insertModule(override(superAdmin, 'modules.install', false)),
    }).toStrictEqual({ granted: 'ok', denied: '42501' });
  });
});
