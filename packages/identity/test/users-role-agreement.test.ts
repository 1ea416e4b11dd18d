import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import {
  CAPABILITIES,
  ROLE_CAPABILITIES,
  ROLE_SCOPE,
  ROLE_TEMPLATES,
  canAssignRole,
  canGrantCapability,
  type RoleTemplate,
} from '@aiconnected/permissions';
import { NOT_IMPERSONATING, type WorkspaceContext } from '@aiconnected/sdk-contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeTargetUser } from '../src/users/judge-target-user';
import { loadActorView } from '@aiconnected/access';
import { loadTargetUser } from '../src/users/load-target-user';

// Ties the role rules of packages/permissions to the database's (migration 020), for every
// pair of role templates: who may assign which role (shell.can_assign_role), grant which
// capability (shell.can_grant_permission) and act on whose account (shell.can_manage_user).
// Each actor acts in its home workspace, claiming its role's capabilities.

let test: TestDatabase;
/** super S, agency A under it, business A1 under A. */
const workspaces = { super: '', agency: '', business: '' };
/** One user per role template, a member of the workspace of its level. */
const users = {} as Record<RoleTemplate, string>;
/**
 * business_user members of A1 who hold more elsewhere: guest memberships (accepted
 * invitations, governs_account false) in another agency B, B's business B1 or the super
 * workspace, and allow overrides on the A1 membership.
 */
const ranked = {
  guestAgencyAdmin: '',
  guestSuperAdmin: '',
  guestBusinessUser: '',
  billingOverride: '',
  settingsOverride: '',
};

beforeAll(async () => {
  test = await createTestDatabase();
  const tag = randomUUID().slice(0, 8);
  const insert = async (type: string, parent: string | null, name = `${type} ${tag}`) =>
    (
      await test.admin.query<{ id: string }>(
        'insert into public.workspaces (type, parent_workspace_id, name) values ($1, $2, $3) returning id',
        [type, parent, name],
      )
    ).rows[0]?.id ?? '';
  workspaces.super = await insert('super', null);
  workspaces.agency = await insert('agency', workspaces.super);
  workspaces.business = await insert('business', workspaces.agency);
  for (const role of ROLE_TEMPLATES) {
    const { rows } = await test.admin.query<{ id: string }>(
      "insert into public.users (email, status) values ($1, 'active') returning id",
      [`${role.replace('_', '-')}-${tag}@example.test`],
    );
    users[role] = rows[0]?.id ?? '';
    await test.admin.query(
      'insert into public.workspace_memberships (workspace_id, user_id, role_template) values ($1, $2, $3)',
      [workspaces[ROLE_SCOPE[role]], users[role], role],
    );
  }
  const otherAgency = await insert('agency', workspaces.super, `other agency ${tag}`);
  const otherBusiness = await insert('business', otherAgency);
  const guests: Record<string, [string, RoleTemplate] | null> = {
    guestAgencyAdmin: [otherAgency, 'agency_admin'],
    guestSuperAdmin: [workspaces.super, 'super_admin'],
    guestBusinessUser: [otherBusiness, 'business_user'],
    billingOverride: null,
    settingsOverride: null,
  };
  for (const [name, guest] of Object.entries(guests)) {
    const { rows } = await test.admin.query<{ id: string }>(
      "insert into public.users (email, status) values ($1, 'active') returning id",
      [`${name.toLowerCase()}-${tag}@example.test`],
    );
    const id = rows[0]?.id ?? '';
    ranked[name as keyof typeof ranked] = id;
    const home = await test.admin.query<{ id: string }>(
      `insert into public.workspace_memberships (workspace_id, user_id, role_template)
       values ($1, $2, 'business_user') returning id`,
      [workspaces.business, id],
    );
    if (guest !== null)
      await test.admin.query(
        `insert into public.workspace_memberships (workspace_id, user_id, role_template, governs_account)
         values ($1, $2, $3, false)`,
        [guest[0], id, guest[1]],
      );
    const override = { billingOverride: 'billing.manage', settingsOverride: 'settings.manage' }[
      name
    ];
    if (override !== undefined)
      await test.admin.query(
        `insert into public.membership_permissions (membership_id, workspace_id, permission_id, allow)
         select $1, $2, p.id, true from public.permissions p where p.code = $3`,
        [home.rows[0]?.id, workspaces.business, override],
      );
  }
});
afterAll(async () => {
  await test.drop();
});

function actorContext(role: RoleTemplate): WorkspaceContext {
  return {
    user_id: users[role],
    session_id: randomUUID(),
    workspace_id: workspaces[ROLE_SCOPE[role]],
    role_template: role,
    permissions: [...ROLE_CAPABILITIES[role]],
    impersonation: NOT_IMPERSONATING,
  };
}

describe('role assignment: packages/permissions agrees with migration 020', () => {
  it.each(ROLE_TEMPLATES)('%s assigns the same roles in code and in SQL', async (actor) => {
    const home = workspaces[ROLE_SCOPE[actor]];
    const sql = await test.db.withWorkspace(actorContext(actor), async (tx) => {
      const { rows } = await tx.query<{ role: RoleTemplate }>(
        `select r as role from unnest($1::text[]) with ordinality as t(r, n)
          where shell.can_assign_role($2, r) order by n`,
        [ROLE_TEMPLATES, home],
      );
      return rows.map((row) => row.role);
    });
    const code = ROLE_TEMPLATES.filter((role) => canAssignRole(ROLE_CAPABILITIES[actor], role));
    expect(sql).toStrictEqual(code);
  });

  it.each(ROLE_TEMPLATES)('%s grants the same capabilities in code and in SQL', async (actor) => {
    const home = workspaces[ROLE_SCOPE[actor]];
    const sql = await test.db.withWorkspace(actorContext(actor), async (tx) => {
      const { rows } = await tx.query<{ code: string }>(
        `select p.code from public.permissions p
          where shell.can_grant_permission($1, p.id) order by p.code collate "C"`,
        [home],
      );
      return rows.map((row) => row.code);
    });
    const code = [...CAPABILITIES]
      .filter((capability) => canGrantCapability(ROLE_CAPABILITIES[actor], capability))
      .sort();
    expect(sql).toStrictEqual(code);
  });

  it('matches the rule of the issue: super_admin assigns every role, super_manager no admin role', () => {
    expect(
      ROLE_TEMPLATES.filter((role) => canAssignRole(ROLE_CAPABILITIES.super_admin, role)),
    ).toStrictEqual([...ROLE_TEMPLATES]);
    expect(
      ROLE_TEMPLATES.filter((role) => canAssignRole(ROLE_CAPABILITIES.super_manager, role)),
    ).toStrictEqual([
      'super_manager',
      'super_user',
      'agency_manager',
      'agency_user',
      'business_manager',
      'business_user',
    ]);
  });

  it.each(ROLE_TEMPLATES)(
    '%s may act on the same accounts in code (judgeTargetUser) and in SQL (shell.can_manage_user)',
    async (actor) => {
      const targets = ROLE_TEMPLATES.filter((role) => role !== actor);
      const answers = await test.db.withWorkspace(actorContext(actor), async (tx) => {
        const view = await loadActorView(tx, actorContext(actor));
        const code: RoleTemplate[] = [];
        const sql: RoleTemplate[] = [];
        for (const role of targets) {
          const target = await loadTargetUser(tx, users[role]);
          if ((await judgeTargetUser(view, target?.memberships ?? [])) === 'allowed')
            code.push(role);
          const { rows } = await tx.query<{ ok: boolean }>(
            'select shell.can_manage_user($1) as ok',
            [users[role]],
          );
          if (rows[0]?.ok === true) sql.push(role);
        }
        return { code, sql };
      });
      expect(answers.sql).toStrictEqual(answers.code);
    },
  );

  it('a business_manager acts on the business_user account, never on the business_admin one', async () => {
    const manageable = await test.db.withWorkspace(actorContext('business_manager'), async (tx) => {
      const { rows } = await tx.query<{ role: string }>(
        `select r as role from unnest($1::text[]) as t(r), unnest($2::uuid[]) as u(id)
          where shell.can_manage_user(u.id) and u.id = ($3::jsonb ->> r)::uuid and u.id <> $4
          order by r`,
        [ROLE_TEMPLATES, Object.values(users), JSON.stringify(users), users.business_manager],
      );
      return rows.map((row) => row.role);
    });
    expect(manageable).toStrictEqual(['business_user']);
  });

  it.each(ROLE_TEMPLATES)(
    '%s judges accounts with guest memberships and allow overrides the same in code and in SQL',
    async (actor) => {
      const answers = await test.db.withWorkspace(actorContext(actor), async (tx) => {
        const view = await loadActorView(tx, actorContext(actor));
        const code: string[] = [];
        const sql: string[] = [];
        for (const [name, id] of Object.entries(ranked)) {
          const target = await loadTargetUser(tx, id);
          if ((await judgeTargetUser(view, target?.memberships ?? [])) === 'allowed')
            code.push(name);
          const { rows } = await tx.query<{ ok: boolean }>(
            'select shell.can_manage_user($1) as ok',
            [id],
          );
          if (rows[0]?.ok === true) sql.push(name);
        }
        return { code, sql };
      });
      expect(answers.sql).toStrictEqual(answers.code);
      if (actor === 'business_admin' || actor === 'business_manager') {
        // Only the guest business_user membership leaves the account manageable (and, for
        // the admin, the overrides it holds itself).
        expect(answers.code).toStrictEqual(
          actor === 'business_admin'
            ? ['guestBusinessUser', 'billingOverride', 'settingsOverride']
            : ['guestBusinessUser'],
        );
      }
    },
  );
});
