import { randomUUID } from 'node:crypto';
import { setupTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import type { WorkspaceContext } from '@aiconnected/sdk-contracts';
import { describe, expect, it } from 'vitest';
import { recordAudit } from '@aiconnected/access';
import { actorContext, seedAccessTree, type AccessTree, type UserKey } from './support/access-tree';

let test: TestDatabase;
let tree: AccessTree;

setupTestDatabase(seedAccessTree, (seeded) => {
  ({ database: test, tree } = seeded);
});

/** A tree user as an audit row names them. */
async function person(user: UserKey) {
  const { rows } = await test.admin.query<{
    id: string;
    email: string;
    display_name: string | null;
  }>('select id, email, display_name from public.users where id = $1', [tree.users[user].id]);
  return rows[0];
}

describe('recordAudit', () => {
  it('names the real user and both workspaces when the actor impersonates', async () => {
    const correlationId = randomUUID();
    const impersonating: WorkspaceContext = {
      ...actorContext(tree, 'agencyAdminA', 'A1', 'agency_admin'),
      impersonation: {
        active: true,
        actor_user_id: tree.users.agencyAdminA.id,
        actor_workspace_id: tree.workspaces.A.id,
        target_workspace_id: tree.workspaces.A1.id,
      },
    };
    await test.db.withWorkspace(impersonating, (tx) =>
      recordAudit(tx, impersonating, {
        workspaceId: tree.workspaces.A1.id,
        action: 'user.suspend',
        targetType: 'probe',
        targetId: null,
        metadata: { field: 'value' },
        correlationId,
      }),
    );
    const { rows } = await test.admin.query(
      'select actor_user_id, impersonator_user_id, metadata_json from public.audit_logs where correlation_id = $1',
      [correlationId],
    );
    expect(rows).toStrictEqual([
      {
        actor_user_id: tree.users.agencyAdminA.id,
        impersonator_user_id: tree.users.agencyAdminA.id,
        metadata_json: {
          field: 'value',
          people: {
            actor: await person('agencyAdminA'),
            impersonator: await person('agencyAdminA'),
          },
          impersonation: {
            actor_user_id: tree.users.agencyAdminA.id,
            actor_workspace_id: tree.workspaces.A.id,
            target_workspace_id: tree.workspaces.A1.id,
          },
        },
      },
    ]);
  });
});
