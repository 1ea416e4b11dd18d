import type { TreeUserSpec } from './seed-tenant-tree';
import type { TenantWorkspaceKey } from './tenant-workspaces';

/**
 * The users the package tests seed on `TENANT_WORKSPACES`: every role of every level, a manager
 * denied users.manage, a business user allowed branding.edit, a user in two businesses, one in
 * an agency and its business, and a suspended one.
 */
export const TENANT_USERS = {
  superAdmin: { memberships: [{ in: 'S', role: 'super_admin' }] },
  superManager: { memberships: [{ in: 'S', role: 'super_manager' }] },
  superUser: { memberships: [{ in: 'S', role: 'super_user' }] },
  agencyAdminA: { memberships: [{ in: 'A', role: 'agency_admin' }] },
  agencyManagerA: {
    memberships: [
      {
        in: 'A',
        role: 'agency_manager',
        overrides: [{ capability: 'users.manage', allow: false }],
      },
    ],
  },
  agencyUserA: { memberships: [{ in: 'A', role: 'agency_user' }] },
  agencyAdminB: { memberships: [{ in: 'B', role: 'agency_admin' }] },
  businessAdminA1: { memberships: [{ in: 'A1', role: 'business_admin' }] },
  businessManagerA1: { memberships: [{ in: 'A1', role: 'business_manager' }] },
  businessUserA1: {
    memberships: [
      {
        in: 'A1',
        role: 'business_user',
        overrides: [{ capability: 'branding.edit', allow: true }],
      },
    ],
  },
  businessAdminB1: { memberships: [{ in: 'B1', role: 'business_admin' }] },
  twoBusinesses: {
    memberships: [
      { in: 'B1', role: 'business_user' },
      { in: 'A2', role: 'business_manager' },
    ],
  },
  agencyAndBusiness: {
    memberships: [
      { in: 'A1', role: 'business_user' },
      { in: 'A', role: 'agency_user' },
    ],
  },
  suspended: { memberships: [{ in: 'A1', role: 'business_admin' }], status: 'suspended' },
} as const satisfies Record<string, TreeUserSpec<TenantWorkspaceKey>>;

/** The key of one of `TENANT_USERS`. */
export type TenantUserKey = keyof typeof TENANT_USERS;
