import { describe, expect, it } from 'vitest';
import { ROLE_CAPABILITIES, ROLE_TEMPLATES, canAssignRole } from '@aiconnected/permissions';

const asMember = { actorIsPlatformUsersManager: false };

describe('canAssignRole', () => {
  it('lets an admin assign every role of its level (it holds all their capabilities)', () => {
    for (const role of ['agency_admin', 'agency_manager', 'agency_user'] as const) {
      expect(canAssignRole(ROLE_CAPABILITIES.agency_admin, role, asMember)).toBe(true);
    }
  });

  it('refuses a role with a capability the actor lacks', () => {
    expect(canAssignRole(ROLE_CAPABILITIES.business_manager, 'business_admin', asMember)).toBe(
      false,
    );
    expect(canAssignRole(ROLE_CAPABILITIES.business_manager, 'business_manager', asMember)).toBe(
      true,
    );
    expect(canAssignRole(ROLE_CAPABILITIES.business_user, 'business_user', asMember)).toBe(true);
    expect(canAssignRole(ROLE_CAPABILITIES.agency_manager, 'agency_admin', asMember)).toBe(false);
  });

  it('follows the actor capabilities, overrides included, not its role name', () => {
    const deniedOne = ROLE_CAPABILITIES.agency_admin.filter(
      (capability) => capability !== 'billing.manage',
    );
    expect(canAssignRole(deniedOne, 'agency_admin', asMember)).toBe(false);
    expect(canAssignRole(deniedOne, 'agency_manager', asMember)).toBe(true);
  });

  it('lets the platform users manager assign any role', () => {
    for (const role of ROLE_TEMPLATES) {
      expect(canAssignRole([], role, { actorIsPlatformUsersManager: true })).toBe(true);
    }
  });

  it('never assigns an unknown role template by the capability rule', () => {
    expect(canAssignRole(ROLE_CAPABILITIES.super_admin, 'owner', asMember)).toBe(false);
  });
});
