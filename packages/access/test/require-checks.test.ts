import type { Capability } from '@aiconnected/permissions';
import { describe, expect, it } from 'vitest';
import {
  requireActiveCapability,
  requireCapability,
  requireWorkspaceAccess,
  requireWorkspaceCapability,
  type ActorView,
  type ActorWorkspaceAccess,
} from '@aiconnected/access';

const ACTIVE = '11111111-1111-4111-8111-111111111111';
const CHILD = '22222222-2222-4222-8222-222222222222';
const OTHER = '33333333-3333-4333-8333-333333333333';

const access = (id: string, capabilities: Capability[]): ActorWorkspaceAccess => ({
  workspace: { id, name: id, type: 'business', parentWorkspaceId: null, status: 'active' },
  capabilities,
  memberships: [],
  platformUsersManager: false,
});

/** An actor in ACTIVE (settings.manage) who also sees CHILD (users.invite), and nothing else. */
const view: ActorView = {
  active: access(ACTIVE, ['settings.manage']),
  accessTo: (id) =>
    Promise.resolve(
      id === ACTIVE
        ? access(ACTIVE, ['settings.manage'])
        : id === CHILD
          ? access(CHILD, ['users.invite'])
          : null,
    ),
  platformScope: false,
};
const governsNothing: ActorView = { ...view, active: null, accessTo: () => Promise.resolve(null) };

describe('requireWorkspaceAccess', () => {
  it('returns the access to a workspace the actor sees', async () => {
    await expect(requireWorkspaceAccess(view, CHILD)).resolves.toMatchObject({
      capabilities: ['users.invite'],
    });
  });

  it('answers WORKSPACE_FORBIDDEN for one it does not see (another tenant or no such id)', async () => {
    await expect(requireWorkspaceAccess(view, OTHER)).rejects.toMatchObject({
      code: 'WORKSPACE_FORBIDDEN',
      details: { workspace_id: OTHER },
    });
  });
});

describe('requireWorkspaceCapability', () => {
  it('needs both: the workspace in sight, then the capability there', async () => {
    await expect(
      requireWorkspaceCapability(view, CHILD, 'users.invite', 'inviting'),
    ).resolves.toMatchObject({ workspace: { id: CHILD } });
    await expect(
      requireWorkspaceCapability(view, CHILD, 'settings.manage', 'renaming'),
    ).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
      message: 'renaming needs settings.manage',
      details: { required_permission: 'settings.manage' },
    });
    await expect(
      requireWorkspaceCapability(view, OTHER, 'users.invite', 'inviting'),
    ).rejects.toMatchObject({ code: 'WORKSPACE_FORBIDDEN' });
  });
});

describe('requireActiveCapability', () => {
  it('checks the capability in the active workspace only', () => {
    expect(requireActiveCapability(view, 'settings.manage', 'renaming').workspace.id).toBe(ACTIVE);
    expect(() => requireActiveCapability(view, 'users.invite', 'inviting')).toThrow(
      expect.objectContaining({ code: 'PERMISSION_DENIED' }),
    );
    expect(() => requireActiveCapability(governsNothing, 'settings.manage', 'renaming')).toThrow(
      expect.objectContaining({ code: 'PERMISSION_DENIED' }),
    );
  });
});

describe('requireCapability', () => {
  it('passes when held includes the capability, PERMISSION_DENIED naming it otherwise', () => {
    expect(() =>
      requireCapability(['settings.manage'], 'settings.manage', 'renaming'),
    ).not.toThrow();
    expect(() => requireCapability([], 'settings.manage', 'renaming')).toThrow(
      expect.objectContaining({
        code: 'PERMISSION_DENIED',
        details: { required_permission: 'settings.manage' },
      }),
    );
  });
});
