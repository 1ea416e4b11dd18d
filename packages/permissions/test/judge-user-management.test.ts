import { describe, expect, it } from 'vitest';
import {
  ROLE_CAPABILITIES,
  judgeUserManagement,
  type TargetMembership,
} from '@aiconnected/permissions';

const home = (workspaceId: string, roleTemplate: string): TargetMembership => ({
  workspaceId,
  roleTemplate,
  allowOverrides: [],
  governsAccount: true,
});
const guest = (workspaceId: string, roleTemplate: string): TargetMembership => ({
  ...home(workspaceId, roleTemplate),
  governsAccount: false,
});

describe('judgeUserManagement', () => {
  it('refuses a manager acting on a higher-ranked member of the same workspace', () => {
    const input = {
      actorCapabilities: new Map([['A1', ROLE_CAPABILITIES.business_manager]]),
      actorActiveCapabilities: ROLE_CAPABILITIES.business_manager,
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
        actorActiveCapabilities: caps,
        actorIsPlatformUsersManager: false,
        targetMemberships: [home('A1', 'business_admin')],
      }),
    ).toBe('outranked');
  });

  it('refuses the platform scope of a super manager over a super admin', () => {
    expect(
      judgeUserManagement({
        actorCapabilities: new Map([['S', ROLE_CAPABILITIES.super_manager]]),
        actorActiveCapabilities: ROLE_CAPABILITIES.super_manager,
        actorIsPlatformUsersManager: true,
        targetMemberships: [home('S', 'super_admin')],
      }),
    ).toBe('outranked');
  });

  it('keeps the scope rule, which wins over the role rule', () => {
    expect(
      judgeUserManagement({
        actorCapabilities: new Map([['A1', ROLE_CAPABILITIES.business_manager]]),
        actorActiveCapabilities: ROLE_CAPABILITIES.business_manager,
        actorIsPlatformUsersManager: false,
        targetMemberships: [home('A1', 'business_admin'), home('A', 'agency_user')],
      }),
    ).toBe('out_of_scope');
  });

  it('gives an accepted invitation no control over the account, and takes none away', () => {
    const targetMemberships = [home('A1', 'business_user'), guest('B1', 'business_user')];
    const by = (workspaceId: string) =>
      judgeUserManagement({
        actorCapabilities: new Map([[workspaceId, ROLE_CAPABILITIES.business_admin]]),
        actorActiveCapabilities: ROLE_CAPABILITIES.business_admin,
        actorIsPlatformUsersManager: false,
        targetMemberships,
      });
    expect(by('B1')).toBe('out_of_scope');
    expect(by('A1')).toBe('allowed');
  });

  it('counts the rank of a guest membership the actor cannot see, judged where the actor acts', () => {
    const by = (role: 'business_admin' | 'business_manager', guestRole: string) =>
      judgeUserManagement({
        actorCapabilities: new Map([['A1', ROLE_CAPABILITIES[role]]]),
        actorActiveCapabilities: ROLE_CAPABILITIES[role],
        actorIsPlatformUsersManager: false,
        targetMemberships: [home('A1', 'business_user'), guest('B', guestRole)],
      });
    for (const role of ['business_admin', 'business_manager'] as const) {
      expect(by(role, 'agency_admin')).toBe('outranked');
      expect(by(role, 'super_admin')).toBe('outranked');
      expect(by(role, 'business_user')).toBe('allowed');
    }
  });

  it('counts allow overrides: a business_user with billing.manage outranks a business_manager', () => {
    const verdict = (allowOverrides: TargetMembership['allowOverrides']) =>
      judgeUserManagement({
        actorCapabilities: new Map([['A1', ROLE_CAPABILITIES.business_manager]]),
        actorActiveCapabilities: ROLE_CAPABILITIES.business_manager,
        actorIsPlatformUsersManager: false,
        targetMemberships: [{ ...home('A1', 'business_user'), allowOverrides }],
      });
    expect(verdict(['billing.manage'])).toBe('outranked');
    expect(verdict(['settings.manage'])).toBe('outranked');
    expect(verdict([])).toBe('allowed');
  });
});
