import { setupTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { describe, expect, it } from 'vitest';
import { loadGoverningMemberships } from '@aiconnected/access';
import { seedAccessTree, type AccessTree } from './support/access-tree';

let test: TestDatabase;
let tree: AccessTree;

setupTestDatabase(seedAccessTree, (seeded) => {
  ({ database: test, tree } = seeded);
});

describe('loadGoverningMemberships', () => {
  it('returns the workspace and every governing membership with its relation and overrides', async () => {
    const result = await test.db.withService('access test', (tx) =>
      loadGoverningMemberships(tx, {
        userId: tree.users.agencyManagerA.id,
        workspaceId: tree.workspaces.A2.id,
      }),
    );
    expect(result).toStrictEqual({
      workspace: {
        id: tree.workspaces.A2.id,
        name: 'Northwind Bakery',
        type: 'business',
        parentWorkspaceId: tree.workspaces.A.id,
        status: 'active',
      },
      memberships: [
        {
          workspaceId: tree.workspaces.A.id,
          workspaceType: 'agency',
          roleTemplate: 'agency_manager',
          relation: 'parent_agency',
          overrides: [{ capability: 'users.manage', allow: false }],
        },
      ],
    });
  });

  it('is null for a workspace that does not exist', async () => {
    const result = await test.db.withService('access test', (tx) =>
      loadGoverningMemberships(tx, {
        userId: tree.users.superAdmin.id,
        workspaceId: '00000000-0000-4000-8000-000000000000',
      }),
    );
    expect(result).toBeNull();
  });
});
