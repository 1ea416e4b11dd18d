import { randomUUID } from 'node:crypto';
import {
  setupTestDatabase,
  TENANT_USERS,
  TENANT_WORKSPACES,
  type TestDatabase,
} from '@aiconnected/db/testing';
import { resolveWorkspaceContext, type SessionRecord } from '@aiconnected/identity';
import { CAPABILITIES } from '@aiconnected/permissions';
import { NOT_IMPERSONATING } from '@aiconnected/sdk-contracts';
import { describe, expect, it } from 'vitest';
import { seedContextTree, type ContextFixture, type UserKey } from './context-fixture';

// Ties the TypeScript rules to the database's: for every user and every workspace, the
// context the guard resolves must hold exactly the capabilities that
// shell.workspaces_with_permission grants there (claims listing every capability, so the
// database alone decides), and must exist exactly when the workspace is visible.

let test: TestDatabase;
let fixture: ContextFixture;

setupTestDatabase(seedContextTree, async (seeded) => {
  ({ database: test, tree: fixture } = seeded);
  // Inactive states the rule must handle alike on both sides: a suspended agency (its members
  // lose it and its business; the business's own members keep theirs), an archived business,
  // and an inactive membership.
  await test.db.withService('context agreement: inactive states', async (tx) => {
    await tx.query("update public.workspaces set status = 'suspended' where id = $1", [
      fixture.workspaceIds.B,
    ]);
    await tx.query("update public.workspaces set status = 'archived' where id = $1", [
      fixture.workspaceIds.A2,
    ]);
    await tx.query(
      'update public.workspace_memberships set active = false where user_id = $1 and workspace_id = $2',
      [fixture.userIds.agencyAndBusiness, fixture.workspaceIds.A1],
    );
  });
});

type View = { visible: boolean; permissions: string[] };

/** What resolveWorkspaceContext says for `userId` in each workspace of the tree. */
async function typescriptView(userId: string): Promise<Record<string, View>> {
  return test.db.withService('context agreement: resolve', async (tx) => {
    const views: Record<string, View> = {};
    for (const node of TENANT_WORKSPACES) {
      const context = await resolveWorkspaceContext(
        tx,
        sessionIn(userId, fixture.workspaceIds[node.key]),
      );
      views[node.key] = { visible: context !== null, permissions: context?.permissions ?? [] };
    }
    return views;
  });
}

/** What the RLS helpers say for `userId` acting in each workspace, claiming every capability. */
async function databaseView(userId: string): Promise<Record<string, View>> {
  const views: Record<string, View> = {};
  for (const node of TENANT_WORKSPACES) {
    const workspaceId = fixture.workspaceIds[node.key];
    const claims = {
      user_id: userId,
      session_id: randomUUID(),
      workspace_id: workspaceId,
      role_template: 'claims-under-test',
      permissions: [...CAPABILITIES],
      impersonation: NOT_IMPERSONATING,
    };
    views[node.key] = await test.db.withWorkspace(claims, async (tx) => {
      const { rows } = await tx.query<{ visible: boolean; permissions: string[] }>(
        `select $2::uuid = any (shell.visible_workspace_ids()) as visible,
                array(select c from unnest($1::text[]) as c
                       where $2::uuid = any (shell.workspaces_with_permission(c))
                       order by c collate "C") as permissions`,
        [CAPABILITIES, workspaceId],
      );
      const row = rows[0];
      if (row === undefined) throw new Error('no row');
      return row;
    });
  }
  return views;
}

function sessionIn(userId: string, workspaceId: string): SessionRecord {
  const now = new Date();
  return {
    id: randomUUID(),
    userId,
    activeWorkspaceId: workspaceId,
    impersonation: null,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + 3_600_000),
    userAgent: null,
    ip: null,
    user: { id: userId, email: 'unused@example.test', displayName: null, status: 'active' },
  };
}

describe('effective capabilities agree with shell.workspaces_with_permission', () => {
  it.each(Object.keys(TENANT_USERS) as UserKey[])('for %s in every workspace', async (user) => {
    const userId = fixture.userIds[user];
    expect(await typescriptView(userId)).toStrictEqual(await databaseView(userId));
  });

  it('covers both answers: some views are visible with capabilities, some are not visible', async () => {
    const views = await typescriptView(fixture.userIds.agencyAdminB);
    expect(views.B).toStrictEqual({ visible: false, permissions: [] });
    const admin = await typescriptView(fixture.userIds.agencyAdminA);
    expect(admin.A1?.permissions).toContain('users.manage');
  });
});
