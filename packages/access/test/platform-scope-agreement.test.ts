import { randomUUID } from 'node:crypto';
import {
  setupTenantTreeDatabase,
  type SeededTenantTree,
  type TenantWorkspaceKey,
  type TestDatabase,
  type TreeUserSpec,
} from '@aiconnected/db/testing';
import {
  CAPABILITIES,
  ROLE_CAPABILITIES,
  ROLE_SCOPE,
  ROLE_TEMPLATES,
  type RoleTemplate,
} from '@aiconnected/permissions';
import { NOT_IMPERSONATING, type WorkspaceContext } from '@aiconnected/sdk-contracts';
import { describe, expect, it } from 'vitest';
import { holdsPlatformCapability, loadActorView } from '@aiconnected/access';

// Code and SQL agree on the platform users manager (PRD §7): loadActorView's `platformScope`
// is what `shell.has_platform_permission('users.manage')` answers for the same actor, for every
// role template acting where it is held (the super roles in the super workspace, the agency
// roles in an agency, the business roles in a business).

/** Where each level's roles are held in the shared tenant tree. */
const HOME = { super: 'S', agency: 'A', business: 'A1' } as const;

/** One user per role template, a member of its level's workspace. */
const USERS = Object.fromEntries(
  ROLE_TEMPLATES.map((role): [RoleTemplate, TreeUserSpec<TenantWorkspaceKey>] => [
    role,
    { memberships: [{ in: HOME[ROLE_SCOPE[role]], role }] },
  ]),
) as Record<RoleTemplate, TreeUserSpec<TenantWorkspaceKey>>;

let test: TestDatabase;
let tree: SeededTenantTree<TenantWorkspaceKey, RoleTemplate>;

setupTenantTreeDatabase((seeded) => {
  ({ database: test, tree } = seeded);
}, USERS);

/**
 * The request context of `role`'s user acting in its workspace (or `workspace`) with its
 * role's capabilities.
 */
function actingAs(
  role: RoleTemplate,
  workspace: TenantWorkspaceKey = HOME[ROLE_SCOPE[role]],
): WorkspaceContext {
  return {
    user_id: tree.users[role].id,
    session_id: randomUUID(),
    workspace_id: tree.workspaces[workspace].id,
    role_template: role,
    permissions: [...ROLE_CAPABILITIES[role]],
    impersonation: NOT_IMPERSONATING,
  };
}

describe('the platform scope of loadActorView', () => {
  it.each(ROLE_TEMPLATES)('agrees with shell.has_platform_permission for %s', async (role) => {
    const actor = actingAs(role);
    const { code, sql } = await test.db.withWorkspace(actor, async (tx) => {
      const { rows } = await tx.query<{ allowed: boolean }>(
        `select shell.has_platform_permission('users.manage') as allowed`,
      );
      const view = await loadActorView(tx, actor);
      return { code: view.platformScope, sql: rows[0]?.allowed };
    });
    expect(code).toBe(sql);
  });

  it('is held by the super roles that hold users.manage, and by nobody else', async () => {
    const scoped = [];
    for (const role of ROLE_TEMPLATES) {
      const actor = actingAs(role);
      const view = await test.db.withWorkspace(actor, (tx) => loadActorView(tx, actor));
      if (view.platformScope) scoped.push(role);
    }
    expect(scoped.sort()).toStrictEqual(['super_admin', 'super_manager']);
  });
});

// The registry, SDK contract publication and integration provider configs are the platform's
// (holdsPlatformCapability): RLS's shell.has_platform_permission must answer as the code for
// every capability, every role, and every workspace the role may act in. Before migration 056
// SQL did not ask for the active workspace: a super member acting in an agency or a business
// (switched there) still had every platform capability in RLS, but not in the code.
describe('holdsPlatformCapability', () => {
  const cases = ROLE_TEMPLATES.flatMap((role) =>
    (['S', 'A', 'A1', 'B1'] as const).map((workspace) => ({ role, workspace })),
  );
  it.each(cases)(
    'agrees with shell.has_platform_permission for $role acting in $workspace',
    async ({ role, workspace }) => {
      const actor = actingAs(role, workspace);
      const { code, sql } = await test.db.withWorkspace(actor, async (tx) => {
        const { rows } = await tx.query<{ cap: string; allowed: boolean }>(
          `select cap, shell.has_platform_permission(cap) as allowed
             from unnest($1::text[]) as cap order by cap collate "C"`,
          [[...CAPABILITIES]],
        );
        const view = await loadActorView(tx, actor);
        return {
          code: CAPABILITIES.filter((cap) => holdsPlatformCapability(view, cap)).sort(),
          sql: rows.filter((row) => row.allowed).map((row) => row.cap),
        };
      });
      expect(sql).toStrictEqual(code);
      // Super roles acting in the super workspace hold their role's capabilities; nobody else any.
      const expected =
        ROLE_SCOPE[role] === 'super' && workspace === 'S' ? ROLE_CAPABILITIES[role] : [];
      expect(code).toStrictEqual([...expected].sort());
    },
  );
});
