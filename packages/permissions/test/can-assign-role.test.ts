import { describe, expect, it } from 'vitest';
import {
  ROLE_CAPABILITIES,
  ROLE_TEMPLATES,
  canAssignRole,
  canGrantCapability,
  holdsAllCapabilities,
} from '@aiconnected/permissions';

const assignableBy = (actor: keyof typeof ROLE_CAPABILITIES) =>
  ROLE_TEMPLATES.filter((role) => canAssignRole(ROLE_CAPABILITIES[actor], role));

describe('canAssignRole', () => {
  it('lets an admin assign every role of its level (it holds all their capabilities)', () => {
    for (const role of ['agency_admin', 'agency_manager', 'agency_user'] as const) {
      expect(canAssignRole(ROLE_CAPABILITIES.agency_admin, role)).toBe(true);
    }
  });

  it('refuses a role with a capability the actor lacks', () => {
    expect(canAssignRole(ROLE_CAPABILITIES.business_manager, 'business_admin')).toBe(false);
    expect(canAssignRole(ROLE_CAPABILITIES.business_manager, 'business_manager')).toBe(true);
    expect(canAssignRole(ROLE_CAPABILITIES.business_user, 'business_user')).toBe(true);
    expect(canAssignRole(ROLE_CAPABILITIES.agency_manager, 'agency_admin')).toBe(false);
  });

  it('follows the actor capabilities, overrides included, not its role name', () => {
    const deniedOne = ROLE_CAPABILITIES.agency_admin.filter(
      (capability) => capability !== 'billing.manage',
    );
    expect(canAssignRole(deniedOne, 'agency_admin')).toBe(false);
    expect(canAssignRole(deniedOne, 'agency_manager')).toBe(true);
  });

  it('lets super_admin assign every role: impersonation.super.start covers the agency start', () => {
    expect(ROLE_CAPABILITIES.super_admin).not.toContain('impersonation.agency_business.start');
    expect(assignableBy('super_admin')).toStrictEqual([...ROLE_TEMPLATES]);
  });

  it('lets super_manager assign no admin role (it lacks billing, settings, domains, ...)', () => {
    expect(assignableBy('super_manager')).toStrictEqual([
      'super_manager',
      'super_user',
      'agency_manager',
      'agency_user',
      'business_manager',
      'business_user',
    ]);
  });

  it('does not let the agency start imply the super start', () => {
    expect(
      holdsAllCapabilities(['impersonation.agency_business.start'], ['impersonation.super.start']),
    ).toBe(false);
    expect(canAssignRole(ROLE_CAPABILITIES.agency_admin, 'super_manager')).toBe(false);
  });

  it('never assigns an unknown role template', () => {
    expect(canAssignRole(ROLE_CAPABILITIES.super_admin, 'owner')).toBe(false);
  });
});

describe('canGrantCapability', () => {
  it('grants only what the actor holds, implications included', () => {
    expect(canGrantCapability(ROLE_CAPABILITIES.super_manager, 'billing.manage')).toBe(false);
    expect(canGrantCapability(ROLE_CAPABILITIES.super_manager, 'users.invite')).toBe(true);
    expect(
      canGrantCapability(ROLE_CAPABILITIES.super_admin, 'impersonation.agency_business.start'),
    ).toBe(true);
    expect(canGrantCapability(ROLE_CAPABILITIES.super_admin, 'owner.everything')).toBe(false);
  });
});
