import { describe, expect, it } from 'vitest';
import {
  ROLE_CAPABILITIES,
  judgeUserManagement,
  type TargetMembership,
} from '@aiconnected/permissions';

const home = (workspaceId: string, roleTemplate: string): TargetMembership => ({
  workspaceId,
  roleTemplate,
  governsAccount: true,
});

describe('judgeUserManagement', () => {
  it('refuses a manager acting on a higher-ranked member of the same workspace', () => {
    const input = {
      actorCapabilities: new Map([['A1', ROLE_CAPABILITIES.business_manager]]),
      actorIsPlatformUsersManager: false,
    };
    const verdict = (role: string) =>
      judgeUserManagement({ ...input, targetMemberships: [home('A1', role)] });
    expect(verdict('business_admin')).toBe('outranked');
    expect(verdict('business_manager')).toBe('allowed');
    expect(verdict('business_user')).toBe('allowed');
  });

  it('refuses an agency manager acting on a child business admin', () => {
    const caps = ROLE_CAPABILITIES.agency_manager;
    expect(
      judgeUserManagement({
        actorCapabilities: new Map([
          ['A', caps],
          ['A1', caps],
        ]),
        actorIsPlatformUsersManager: false,
        targetMemberships: [home('A1', 'business_admin')],
      }),
    ).toBe('outranked');
  });

  it('refuses the platform scope of a super manager over a super admin', () => {
    expect(
      judgeUserManagement({
        actorCapabilities: new Map([['S', ROLE_CAPABILITIES.super_manager]]),
        actorIsPlatformUsersManager: true,
        targetMemberships: [home('S', 'super_admin')],
      }),
    ).toBe('outranked');
  });

  it('keeps the scope rule, which wins over the role rule', () => {
    expect(
      judgeUserManagement({
        actorCapabilities: new Map([['A1', ROLE_CAPABILITIES.business_manager]]),
        actorIsPlatformUsersManager: false,
        targetMemberships: [home('A1', 'business_admin'), home('A', 'agency_user')],
      }),
    ).toBe('out_of_scope');
  });

  it('gives an accepted invitation no control over the account, and takes none away', () => {
    const guestOfB1: TargetMembership = {
      workspaceId: 'B1',
      roleTemplate: 'business_user',
      governsAccount: false,
    };
    const targetMemberships = [home('A1', 'business_user'), guestOfB1];
    const by = (workspaceId: string) =>
      judgeUserManagement({
        actorCapabilities: new Map([[workspaceId, ROLE_CAPABILITIES.business_admin]]),
        actorIsPlatformUsersManager: false,
        targetMemberships,
      });
    expect(by('B1')).toBe('out_of_scope');
    expect(by('A1')).toBe('allowed');
  });
});
