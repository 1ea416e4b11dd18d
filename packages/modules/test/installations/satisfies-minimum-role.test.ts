import type {
  GoverningMembership,
  GoverningRelation,
  RoleTemplate,
} from '@aiconnected/permissions';
import { MINIMUM_ROLES } from '@aiconnected/sdk-contracts';
import { describe, expect, it } from 'vitest';
import { satisfiesMinimumRole } from '../../src';

// The minimumRole mapping of docs/modules.md "Who may do what", for every role and relation.

const membership = (
  roleTemplate: RoleTemplate,
  relation: GoverningRelation,
): GoverningMembership => ({
  workspaceId: '11111111-1111-4111-8111-111111111111',
  workspaceType:
    relation === 'super' ? 'super' : relation === 'parent_agency' ? 'agency' : 'business',
  roleTemplate,
  relation,
  overrides: [],
});

/** The highest minimumRole each (role, relation) satisfies, or none. */
const EXPECTED: [RoleTemplate, GoverningRelation, 'member' | 'admin' | 'owner' | null][] = [
  ['business_user', 'member', 'member'],
  ['business_manager', 'member', 'admin'],
  ['business_admin', 'member', 'owner'],
  ['agency_user', 'member', 'member'],
  ['agency_manager', 'member', 'admin'],
  ['agency_admin', 'member', 'owner'],
  ['agency_user', 'parent_agency', null],
  ['agency_manager', 'parent_agency', 'admin'],
  ['agency_admin', 'parent_agency', 'owner'],
  ['super_user', 'super', 'member'],
  ['super_manager', 'super', 'owner'],
  ['super_admin', 'super', 'owner'],
];

describe('satisfiesMinimumRole', () => {
  it.each(EXPECTED)('%s (%s) satisfies up to %s', (role, relation, highest) => {
    const satisfied = MINIMUM_ROLES.filter((minimumRole) =>
      satisfiesMinimumRole([membership(role, relation)], minimumRole),
    );
    const upTo = highest === null ? [] : MINIMUM_ROLES.slice(0, MINIMUM_ROLES.indexOf(highest) + 1);
    expect(satisfied).toStrictEqual(upTo);
  });

  it('takes the highest of several memberships, and nothing from none', () => {
    expect(
      satisfiesMinimumRole(
        [membership('business_user', 'member'), membership('agency_admin', 'parent_agency')],
        'owner',
      ),
    ).toBe(true);
    expect(satisfiesMinimumRole([], 'member')).toBe(false);
  });
});
