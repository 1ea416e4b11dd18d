import type {
  GoverningMembership,
  GoverningRelation,
  RoleTemplate,
} from '@aiconnected/permissions';
import { PERMISSION_SUFFIXES, PERMISSION_SUFFIX_ROLES } from '@aiconnected/sdk-contracts';
import { describe, expect, it } from 'vitest';
import {
  grantedModulePermissions,
  holdsModulePermission,
  moduleRouteRefusal,
  uiTokenModulePermissions,
} from '../../src';

// docs/modules.md "Who may do what": who may call a module API route, and which of a
// manifest's permissions the gateway's claims carry.

const membership = (
  roleTemplate: RoleTemplate,
  relation: GoverningRelation = 'member',
): GoverningMembership => ({
  workspaceId: '11111111-1111-4111-8111-111111111111',
  workspaceType:
    relation === 'super' ? 'super' : relation === 'parent_agency' ? 'agency' : 'business',
  roleTemplate,
  relation,
  overrides: [],
});
const USER = [membership('business_user')];
const MANAGER = [membership('business_manager')];
const ADMIN = [membership('business_admin')];

describe('holdsModulePermission', () => {
  it('maps every known suffix to the role of the module developer rules', () => {
    expect(Object.keys(PERMISSION_SUFFIX_ROLES).sort()).toStrictEqual(
      [...PERMISSION_SUFFIXES].sort(),
    );
    const holders = (suffix: string) =>
      [USER, MANAGER, ADMIN].map((memberships) =>
        holdsModulePermission(memberships, [], 'crm', `crm.contacts.${suffix}`),
      );
    for (const suffix of ['read', 'list', 'view'])
      expect(holders(suffix)).toStrictEqual([true, true, true]);
    for (const suffix of ['write', 'create', 'update', 'delete', 'publish', 'configure']) {
      expect(holders(suffix)).toStrictEqual([false, true, true]);
    }
    for (const suffix of ['manage', 'admin'])
      expect(holders(suffix)).toStrictEqual([false, false, true]);
    expect(holdsModulePermission(USER, [], 'crm', 'crm:read')).toBe(true);
  });

  it('holds a shell capability only from the context permissions, whatever the role', () => {
    expect(holdsModulePermission(ADMIN, [], 'crm', 'modules.enable')).toBe(false);
    expect(holdsModulePermission(USER, ['modules.enable'], 'crm', 'modules.enable')).toBe(true);
  });

  it("never holds another module's key, an unknown suffix, or anything without a membership", () => {
    expect(holdsModulePermission(ADMIN, [], 'crm', 'crm-lite.contacts.read')).toBe(false);
    expect(holdsModulePermission(ADMIN, [], 'crm', 'crm.contacts.approve')).toBe(false);
    expect(holdsModulePermission(ADMIN, [], 'crm', 'crm.contacts.constructor')).toBe(false);
    expect(holdsModulePermission([], [], 'crm', 'crm.contacts.read')).toBe(false);
    // An agency user governs none of its businesses (satisfiesMinimumRole).
    expect(
      holdsModulePermission([membership('agency_user', 'parent_agency')], [], 'crm', 'crm.a.read'),
    ).toBe(false);
  });
});

describe('moduleRouteRefusal', () => {
  const route = { minimumRole: 'admin' as const, permissions: ['crm.contacts.delete'] };

  it('allows a caller with the role and every permission', () => {
    expect(moduleRouteRefusal(MANAGER, [], 'crm', route)).toBeNull();
    expect(moduleRouteRefusal(USER, [], 'crm', { minimumRole: 'member' })).toBeNull();
  });

  it('refuses the minimum role first, naming it', () => {
    const refusal = moduleRouteRefusal(USER, [], 'crm', route);
    expect(refusal?.code).toBe('PERMISSION_DENIED');
    expect(refusal?.toEnvelope('c-1')).toStrictEqual({
      error: {
        code: 'PERMISSION_DENIED',
        message: 'Your role in this workspace does not allow this action of the module.',
        details: { module_key: 'crm', minimum_role: 'admin' },
        correlation_id: 'c-1',
      },
    });
  });

  it('then the first permission not held, naming it', () => {
    const refusal = moduleRouteRefusal(MANAGER, ['modules.enable'], 'crm', {
      minimumRole: 'member',
      permissions: ['crm.contacts.read', 'modules.install', 'crm.contacts.manage'],
    });
    expect(refusal?.status).toBe(403);
    expect(refusal?.details).toStrictEqual({
      module_key: 'crm',
      required_permission: 'modules.install',
    });
    expect(
      moduleRouteRefusal(MANAGER, ['modules.install'], 'crm', {
        minimumRole: 'member',
        permissions: ['crm.contacts.read', 'modules.install', 'crm.contacts.manage'],
      })?.details,
    ).toStrictEqual({ module_key: 'crm', required_permission: 'crm.contacts.manage' });
  });
});

describe('grantedModulePermissions', () => {
  const declared = [
    'crm.contacts.read',
    'crm.contacts.create',
    'crm.settings.manage',
    'modules.enable',
  ];

  it("is the manifest's permissions the caller holds, in the manifest's order", () => {
    expect(grantedModulePermissions(USER, [], 'crm', declared)).toStrictEqual([
      'crm.contacts.read',
    ]);
    expect(grantedModulePermissions(MANAGER, ['modules.enable'], 'crm', declared)).toStrictEqual([
      'crm.contacts.read',
      'crm.contacts.create',
      'modules.enable',
    ]);
    expect(grantedModulePermissions(ADMIN, [], 'crm', declared)).toStrictEqual(
      declared.slice(0, 3),
    );
    expect(grantedModulePermissions([], ['modules.enable'], 'crm', declared)).toStrictEqual([
      'modules.enable',
    ]);
  });

  it("never holds another module's key, even one its manifest lists", () => {
    const foreign = ['mail.inbox.read', 'crm.contacts.read'];
    expect(grantedModulePermissions(ADMIN, [], 'crm', foreign)).toStrictEqual([
      'crm.contacts.read',
    ]);
    expect(grantedModulePermissions(ADMIN, [], 'mail', foreign)).toStrictEqual(['mail.inbox.read']);
  });
});

describe('uiTokenModulePermissions', () => {
  it('is what the installation grants to UI tokens and the caller holds, now', () => {
    const declared = ['crm.contacts.read', 'crm.contacts.create', 'modules.enable'];
    const granted = ['crm.contacts.create', 'crm.contacts.read'];
    expect(uiTokenModulePermissions(ADMIN, [], 'crm', declared, granted)).toStrictEqual([
      'crm.contacts.read',
      'crm.contacts.create',
    ]);
    // The role withdrawn (admin -> member): the write is no longer held.
    expect(uiTokenModulePermissions(USER, [], 'crm', declared, granted)).toStrictEqual([
      'crm.contacts.read',
    ]);
    // The grant withdrawn.
    expect(uiTokenModulePermissions(ADMIN, ['modules.enable'], 'crm', declared, [])).toStrictEqual(
      [],
    );
  });
});
