import { ROLE_CAPABILITIES, ROLE_SCOPE, type Capability } from '@aiconnected/permissions';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupRlsDatabase } from './support/rls-database';
import { visibleWorkspaces } from './support/expectations';
import {
  MEMBERS,
  WORKSPACE_TREE,
  memberContext,
  only,
  type MemberSpec,
  type WorkspaceKey,
} from './support/tenant-fixture';
import {
  asService,
  attempt,
  inRolledBackService,
  inRolledBackWorkspace,
  summarize,
} from './support/transactions';

// 034: module_policies has no workspace_id (its key is the agency, agency_workspace_id), so the
// generated matrix does not cover it (a 'tenant-tree' entry in the registry): its rules are
// checked here, member by member. Read by the agency, by its businesses (their parent's row,
// nothing else of the agency) and by super; inserted and updated by holders of modules.install
// in the agency (its admins, super); never deleted by request code; only agencies have a row.

const rls = setupRlsDatabase();

const AGENCIES = ['A', 'B'] as const satisfies readonly WorkspaceKey[];

beforeAll(async () => {
  await rls.test.db.withService('rls matrix: seed module policies', async (svc) => {
    for (const agency of AGENCIES) {
      await svc.query(
        'insert into public.module_policies (agency_workspace_id, businesses_may_manage) values ($1, false)',
        [rls.fixture.workspaceIds[agency]],
      );
    }
  });
});

/** The agencies whose policy `member` reads: visible ones, and the parent of a visible business. */
function readableAgencies(member: MemberSpec): WorkspaceKey[] {
  const visible = visibleWorkspaces(member);
  return AGENCIES.filter(
    (agency) =>
      visible.includes(agency) ||
      WORKSPACE_TREE.some((node) => node.parent === agency && visible.includes(node.key)),
  );
}

/** The agencies whose policy `member` writes: visible ones where it holds modules.install. */
function writableAgencies(member: MemberSpec): WorkspaceKey[] {
  const holds = (ROLE_CAPABILITIES[member.role] as readonly string[]).includes('modules.install');
  return holds ? AGENCIES.filter((agency) => visibleWorkspaces(member).includes(agency)) : [];
}

const keyOf = (id: string) =>
  (Object.keys(rls.fixture.workspaceIds) as WorkspaceKey[]).find(
    (key) => rls.fixture.workspaceIds[key] === id,
  );

describe('module_policies', () => {
  it('has expectations that let some member read and write (no deny-all pass)', () => {
    expect(
      MEMBERS.filter((member) => writableAgencies(member).length > 0).map((m) => m.label),
    ).toStrictEqual([
      'super.super_admin',
      'super.super_manager',
      'A.agency_admin',
      'B.agency_admin',
    ]);
    expect(ROLE_SCOPE['business_admin']).toBe('business');
  });

  it.each(MEMBERS.map((member) => [member.label, member] as const))(
    '%s reads, inserts, updates and deletes as the policies say',
    async (_label, member) => {
      const observed = await inRolledBackWorkspace(
        rls.test.db,
        memberContext(rls.fixture, member),
        async (tx) => {
          const { rows } = await tx.query<{ agency_workspace_id: string }>(
            'select agency_workspace_id from public.module_policies',
          );
          const read = rows
            .map((row) => keyOf(row.agency_workspace_id))
            .filter((key) => key !== undefined);
          const update: Record<string, string> = {};
          const insert: Record<string, string> = {};
          const remove: Record<string, string> = {};
          for (const agency of AGENCIES) {
            const id = rls.fixture.workspaceIds[agency];
            update[agency] = summarize(
              await attempt(
                tx,
                'update public.module_policies set businesses_may_manage = true where agency_workspace_id = $1',
                [id],
              ),
              true,
            );
            remove[agency] = summarize(
              await attempt(
                tx,
                'delete from public.module_policies where agency_workspace_id = $1',
                [id],
              ),
              true,
            );
            await tx.query('savepoint fresh_row');
            await asService(tx, (svc) =>
              svc.query('delete from public.module_policies where agency_workspace_id = $1', [id]),
            );
            insert[agency] = summarize(
              await attempt(
                tx,
                'insert into public.module_policies (agency_workspace_id, businesses_may_manage) values ($1, true)',
                [id],
              ),
            );
            await tx.query('rollback to savepoint fresh_row');
          }
          return { read: [...read].sort(), update, insert, remove };
        },
      );
      const writable = writableAgencies(member);
      expect(observed).toStrictEqual({
        read: readableAgencies(member),
        // An invisible row updates nothing (0 rows), as RLS filters it out of the USING clause.
        update: Object.fromEntries(
          AGENCIES.map((agency) => [agency, writable.includes(agency) ? 'ok:1' : 'ok:0']),
        ),
        insert: Object.fromEntries(
          AGENCIES.map((agency) => [agency, writable.includes(agency) ? 'ok' : '42501']),
        ),
        // No DELETE privilege for request code.
        remove: Object.fromEntries(AGENCIES.map((agency) => [agency, '42501'])),
      });
    },
  );

  it('takes rows for agencies only, whoever writes them', async () => {
    const outcome = await rls.test.db
      .withService('rls matrix: a business policy', (svc) =>
        svc.query('insert into public.module_policies (agency_workspace_id) values ($1)', [
          rls.fixture.workspaceIds.A1,
        ]),
      )
      .then(
        () => 'ok',
        (error: { code?: string; constraint?: string }) => `${error.code}:${error.constraint}`,
      );
    expect(outcome).toBe('23514:module_policies_agency_check');
  });

  it('grants anon nothing', async () => {
    const { rows } = await rls.test.admin.query<{ granted: boolean }>(
      `select has_table_privilege('anon', 'public.module_policies', 'SELECT, INSERT, UPDATE, DELETE') as granted`,
    );
    expect(rows).toStrictEqual([{ granted: false }]);
  });
});

describe('module_installations of a business under its agency’s policy (035)', () => {
  /** Whether `label` may insert, update and delete an installation in A1 with A's policy `allow`. */
  async function writesInA1(label: string, allow: boolean): Promise<string[]> {
    const member = MEMBERS.find((candidate) => candidate.label === label);
    if (!member) throw new Error(`no member ${label}`);
    const a1 = rls.fixture.workspaceIds.A1;
    return inRolledBackWorkspace(rls.test.db, memberContext(rls.fixture, member), async (tx) => {
      const existing = `rls-policy-${allow ? 'on' : 'off'}-existing`;
      await asService(tx, async (svc) => {
        await svc.query(
          'update public.module_policies set businesses_may_manage = $2 where agency_workspace_id = $1',
          [rls.fixture.workspaceIds.A, allow],
        );
        await svc.query(
          'insert into public.module_installations (workspace_id, module_key) values ($1, $2)',
          [a1, existing],
        );
      });
      return [
        summarize(
          await attempt(
            tx,
            'insert into public.module_installations (workspace_id, module_key) values ($1, $2)',
            [a1, `rls-policy-${allow ? 'on' : 'off'}-new`],
          ),
        ),
        summarize(
          await attempt(
            tx,
            "update public.module_installations set state = 'enabled' where workspace_id = $1 and module_key = $2",
            [a1, existing],
          ),
          true,
        ),
        summarize(
          await attempt(
            tx,
            'delete from public.module_installations where workspace_id = $1 and module_key = $2',
            [a1, existing],
          ),
          true,
        ),
      ];
    });
  }

  it.each([
    ['A1.business_admin', false, ['42501', 'ok:0', 'ok:0']],
    ['A1.business_admin', true, ['ok', 'ok:1', 'ok:1']],
    ['A1.business_manager', false, ['42501', 'ok:0', 'ok:0']],
    // A manager holds modules.enable/disable, not modules.install.
    ['A1.business_manager', true, ['42501', 'ok:1', 'ok:0']],
    ['A.agency_admin', false, ['ok', 'ok:1', 'ok:1']],
    ['A.agency_manager', false, ['42501', 'ok:1', 'ok:0']],
    ['super.super_admin', false, ['ok', 'ok:1', 'ok:1']],
    ['B.agency_admin', true, ['42501', 'ok:0', 'ok:0']],
  ] as const)(
    '%s with the policy %s: insert, update, delete -> %j',
    async (label, allow, expected) => {
      expect(await writesInA1(label, allow)).toStrictEqual(expected);
    },
  );
});

describe('module_installations: what is installed changes only with modules.install (035, 039)', () => {
  // 012's update policy admits any module capability; 035's trigger lets enable/disable alone
  // change the state and its timestamps only; 039 adds the UI token grants (token_permissions)
  // to what needs modules.install. A1's agency lets its businesses manage here.
  const CHANGES = {
    state:
      "update public.module_installations set state = 'disabled', state_changed_at = now(), enabled_at = now() where id = $1",
    config_json:
      'update public.module_installations set config_json = \'{"api_key":"x"}\'::jsonb where id = $1',
    module_version: "update public.module_installations set module_version = '2.0.0' where id = $1",
    previous_version:
      "update public.module_installations set previous_version = '2.0.0' where id = $1",
    installed_by_user_id:
      'update public.module_installations set installed_by_user_id = null where id = $1',
    token_permissions:
      "update public.module_installations set token_permissions = '{x.items.read}' where id = $1",
  } as const;

  async function changesInA1(label: string): Promise<Record<string, string>> {
    const member = MEMBERS.find((candidate) => candidate.label === label);
    if (!member) throw new Error(`no member ${label}`);
    const a1 = rls.fixture.workspaceIds.A1;
    return inRolledBackWorkspace(rls.test.db, memberContext(rls.fixture, member), async (tx) => {
      const id = await asService(tx, async (svc) => {
        await svc.query(
          'update public.module_policies set businesses_may_manage = true where agency_workspace_id = $1',
          [rls.fixture.workspaceIds.A],
        );
        const moduleKey = `rls-columns-${member.label.replace(/[^a-z]/g, '')}`;
        for (const version of ['1.0.0', '2.0.0']) {
          await svc.query(
            `insert into public.module_registry (module_key, version, manifest_json, status, registered_at)
             values ($1, $2, '{}', 'registered', now())`,
            [moduleKey, version],
          );
        }
        const { rows } = await svc.query<{ id: string }>(
          `insert into public.module_installations
             (workspace_id, module_key, module_version, state, installed_by_user_id)
           values ($1, $2, '1.0.0', 'enabled', (select id from public.users limit 1)) returning id`,
          [a1, moduleKey],
        );
        return only(rows).id;
      });
      const outcomes: Record<string, string> = {};
      for (const [column, sql] of Object.entries(CHANGES)) {
        outcomes[column] = summarize(await attempt(tx, sql, [id]), true);
      }
      return outcomes;
    });
  }

  const refusedBeyondState = {
    state: 'ok:1',
    config_json: '42501',
    module_version: '42501',
    previous_version: '42501',
    installed_by_user_id: '42501',
    token_permissions: '42501',
  };
  const allowed = {
    state: 'ok:1',
    config_json: 'ok:1',
    module_version: 'ok:1',
    previous_version: 'ok:1',
    installed_by_user_id: 'ok:1',
    token_permissions: 'ok:1',
  };

  it.each([
    // modules.enable and modules.disable only.
    ['A1.business_manager', refusedBeyondState],
    ['A.agency_manager', refusedBeyondState],
    // modules.install in the business, or governing it.
    ['A1.business_admin', allowed],
    ['A.agency_admin', allowed],
    ['super.super_admin', allowed],
  ] as const)('%s: %j', async (label, expected) => {
    expect(await changesInA1(label)).toStrictEqual(expected);
  });

  it('leaves the service free to change any column', async () => {
    const outcome = await inRolledBackService(
      rls.test.db,
      'rls matrix: the service re-points an installation',
      async (svc) => {
        await svc.query(
          `insert into public.module_registry (module_key, version, manifest_json, status, registered_at)
           values ('rls-columns-service', '1.0.0', '{}', 'registered', now())`,
        );
        const { rows } = await svc.query<{ id: string }>(
          `insert into public.module_installations (workspace_id, module_key, module_version)
           values ($1, 'rls-columns-service', '1.0.0') returning id`,
          [rls.fixture.workspaceIds.A1],
        );
        const { rowCount } = await svc.query(
          `update public.module_installations set config_json = '{"a":1}' where id = $1`,
          [only(rows).id],
        );
        return rowCount;
      },
    );
    expect(outcome).toBe(1);
  });
});

describe('module_installations: governing a business from above is the code’s rule (035)', () => {
  // requireModuleManager: under a forbidding policy the capability must come from a membership
  // governing the business from above (its agency's admin/manager, or super) that grants it;
  // a super membership alone (super_user) or an agency manager's modules.enable does not lend
  // the business's own roles modules.install.
  interface Extra {
    /** Another membership of the member's user, in A1. */
    a1Role?: 'business_admin';
    /** An allow override of the member's own (home) membership. */
    allowAtHome?: 'modules.install';
  }

  async function writesInA1(label: string, extra: Extra, allow: boolean): Promise<string[]> {
    const member = MEMBERS.find((candidate) => candidate.label === label);
    if (!member) throw new Error(`no member ${label}`);
    const a1 = rls.fixture.workspaceIds.A1;
    const permissions = new Set<string>([
      ...ROLE_CAPABILITIES[member.role],
      ...(extra.a1Role ? ROLE_CAPABILITIES[extra.a1Role] : []),
      ...(extra.allowAtHome ? [extra.allowAtHome] : []),
    ]);
    const context = memberContext(rls.fixture, member, {
      workspace_id: a1,
      role_template: extra.a1Role ?? member.role,
      permissions: [...permissions] as Capability[],
    });
    return inRolledBackWorkspace(rls.test.db, context, async (tx) => {
      const key = `rls-governing-${allow ? 'on' : 'off'}`;
      const id = await asService(tx, async (svc) => {
        await svc.query(
          'update public.module_policies set businesses_may_manage = $2 where agency_workspace_id = $1',
          [rls.fixture.workspaceIds.A, allow],
        );
        if (extra.a1Role) {
          await svc.query(
            'insert into public.workspace_memberships (workspace_id, user_id, role_template) values ($1, $2, $3)',
            [a1, context.user_id, extra.a1Role],
          );
        }
        if (extra.allowAtHome) {
          await svc.query(
            `insert into public.membership_permissions (membership_id, workspace_id, permission_id, allow)
             select m.id, m.workspace_id, p.id, true
               from public.workspace_memberships m, public.permissions p
              where m.user_id = $1 and m.workspace_id = $2 and p.code = $3`,
            [context.user_id, rls.fixture.workspaceIds[member.home], extra.allowAtHome],
          );
        }
        await svc.query(
          `insert into public.module_registry (module_key, version, manifest_json, status, registered_at)
           values ($1, '1.0.0', '{}', 'registered', now())`,
          [key],
        );
        const { rows } = await svc.query<{ id: string }>(
          `insert into public.module_installations (workspace_id, module_key, module_version)
           values ($1, $2, '1.0.0') returning id`,
          [a1, key],
        );
        return only(rows).id;
      });
      const outcomes = [
        summarize(
          await attempt(
            tx,
            'insert into public.module_installations (workspace_id, module_key) values ($1, $2)',
            [a1, `${key}-new`],
          ),
        ),
        summarize(
          await attempt(
            tx,
            "update public.module_installations set state = 'enabled' where id = $1",
            [id],
          ),
          true,
        ),
        summarize(
          await attempt(
            tx,
            'update public.module_installations set config_json = \'{"a":1}\' where id = $1',
            [id],
          ),
          true,
        ),
        summarize(
          await attempt(tx, 'delete from public.module_installations where id = $1', [id]),
          true,
        ),
      ];
      return outcomes;
    });
  }

  it.each([
    // A super_user's super membership grants no module capability: it governs nothing here,
    // so its business_admin role in A1 is bound by A's policy like any business admin.
    ['super.super_user', { a1Role: 'business_admin' }, false, ['42501', 'ok:0', 'ok:0', 'ok:0']],
    ['super.super_user', { a1Role: 'business_admin' }, true, ['ok', 'ok:1', 'ok:1', 'ok:1']],
    // ... unless its super membership itself grants the capability (an allow override).
    ['super.super_user', { allowAtHome: 'modules.install' }, false, ['ok', 'ok:1', 'ok:1', 'ok:1']],
    // An agency manager governs A1 for modules.enable/disable, not modules.install: as A1's
    // business admin too, it switches the module but neither installs, reconfigures nor removes it.
    ['A.agency_manager', { a1Role: 'business_admin' }, false, ['42501', 'ok:1', '42501', 'ok:0']],
    ['A.agency_manager', { a1Role: 'business_admin' }, true, ['ok', 'ok:1', 'ok:1', 'ok:1']],
    // The agency admin governs it for every module capability.
    ['A.agency_admin', {}, false, ['ok', 'ok:1', 'ok:1', 'ok:1']],
  ] as const)(
    '%s with %j, the policy %s: insert, enable, config, delete -> %j',
    async (label, extra, allow, expected) => {
      expect(await writesInA1(label, extra, allow)).toStrictEqual(expected);
    },
  );
});
