import { describe, expect, it } from 'vitest';
import { isUserInScope } from '@aiconnected/permissions';

// An agency admin of A manages A and its businesses A1 and A2.
const agencyAdminOfA = ['A', 'A1', 'A2'];
// A business admin of A1 manages only A1.
const businessAdminOfA1 = ['A1'];

describe('isUserInScope', () => {
  it('includes a user all of whose workspaces the actor manages', () => {
    expect(
      isUserInScope({ actorManagedWorkspaceIds: agencyAdminOfA, targetWorkspaceIds: ['A1', 'A2'] }),
    ).toBe(true);
    expect(
      isUserInScope({ actorManagedWorkspaceIds: businessAdminOfA1, targetWorkspaceIds: ['A1'] }),
    ).toBe(true);
  });

  it('excludes a user who also belongs to a workspace the actor does not manage', () => {
    expect(
      isUserInScope({
        actorManagedWorkspaceIds: businessAdminOfA1,
        targetWorkspaceIds: ['A1', 'A'],
      }),
    ).toBe(false);
    expect(
      isUserInScope({ actorManagedWorkspaceIds: agencyAdminOfA, targetWorkspaceIds: ['A1', 'B1'] }),
    ).toBe(false);
  });

  it('excludes a user without memberships, except for the platform users manager', () => {
    expect(
      isUserInScope({ actorManagedWorkspaceIds: agencyAdminOfA, targetWorkspaceIds: [] }),
    ).toBe(false);
    expect(
      isUserInScope({
        actorManagedWorkspaceIds: [],
        targetWorkspaceIds: [],
        actorIsPlatformUsersManager: true,
      }),
    ).toBe(true);
  });

  it('includes everyone for the platform users manager', () => {
    expect(
      isUserInScope({
        actorManagedWorkspaceIds: [],
        targetWorkspaceIds: ['B1'],
        actorIsPlatformUsersManager: true,
      }),
    ).toBe(true);
  });
});
