import {
  seedTenantTree,
  type SeededTenantTree,
  type TenantTreeSpec,
  type TestDatabase,
} from '@aiconnected/db/testing';
import type { RoleTemplate } from '@aiconnected/sdk-contracts';
import { hashTreePassword } from './tree-password';

type TwoAgencyWorkspace = 'super' | 'agencyA' | 'businessA1' | 'agencyB' | 'businessB1';

/**
 * Two tenant trees under one platform, so a test can check that A cannot reach B: super;
 * agency A with business A1; agency B with business B1. One user per interesting role, plus a
 * user with two workspaces (the selector), one with none and a suspended one.
 */
export const TWO_AGENCY_TREE = {
  workspaces: [
    { key: 'super', type: 'super', parent: null, name: 'Platform' },
    { key: 'agencyA', type: 'agency', parent: 'super', name: 'Agency A' },
    { key: 'businessA1', type: 'business', parent: 'agencyA', name: 'Business A1' },
    { key: 'agencyB', type: 'agency', parent: 'super', name: 'Agency B' },
    { key: 'businessB1', type: 'business', parent: 'agencyB', name: 'Business B1' },
  ],
  users: {
    superAdmin: member('super', 'super_admin', 'super-admin'),
    agencyAAdmin: member('agencyA', 'agency_admin', 'agency-a-admin'),
    agencyAUser: member('agencyA', 'agency_user', 'agency-a-user'),
    businessA1Admin: member('businessA1', 'business_admin', 'business-a1-admin'),
    businessA1User: member('businessA1', 'business_user', 'business-a1-user'),
    agencyBAdmin: member('agencyB', 'agency_admin', 'agency-b-admin'),
    businessB1Admin: member('businessB1', 'business_admin', 'business-b1-admin'),
    /** business_user of A1 and of B1: signs in without a default workspace. */
    twoWorkspaces: {
      displayName: 'User two-workspaces',
      memberships: [
        { in: 'businessA1', role: 'business_user' },
        { in: 'businessB1', role: 'business_user' },
      ],
    },
    /** No membership at all. */
    noWorkspace: { displayName: 'User no-workspace', memberships: [] },
    /** business_user of A1, status suspended. */
    suspended: {
      displayName: 'User suspended',
      status: 'suspended',
      memberships: [{ in: 'businessA1', role: 'business_user' }],
    },
  },
} as const satisfies TenantTreeSpec<TwoAgencyWorkspace>;

export type TwoAgencyTree = SeededTenantTree<
  TwoAgencyWorkspace,
  keyof (typeof TWO_AGENCY_TREE)['users']
>;

/**
 * Seeds `TWO_AGENCY_TREE` as the test superuser (`database.admin`): workspace names and
 * e-mails carry a random tag, and every user signs in with `TREE_PASSWORD`.
 */
export async function seedTwoAgencyTree(
  database: Pick<TestDatabase, 'admin'>,
): Promise<TwoAgencyTree> {
  return seedTenantTree(database.admin, TWO_AGENCY_TREE, {
    tagNames: true,
    passwordHash: await hashTreePassword(),
  });
}

/** A user with one membership; `handle` names it (`User <handle>`). */
function member(workspace: TwoAgencyWorkspace, role: RoleTemplate, handle: string) {
  return { displayName: `User ${handle}`, memberships: [{ in: workspace, role }] };
}
