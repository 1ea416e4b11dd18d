import {
  CHILD_GOVERNING_ROLES,
  type GoverningMembership,
  type RoleTemplate,
} from '@aiconnected/permissions';
import type { MinimumRole } from '@aiconnected/sdk-contracts';

const RANK: Record<MinimumRole, number> = { member: 0, admin: 1, owner: 2 };

/** The highest `minimumRole` one governing membership satisfies, or null when it governs nothing. */
function membershipRank(membership: GoverningMembership): MinimumRole | null {
  const role = membership.roleTemplate;
  if (membership.relation === 'parent_agency') {
    // Only an agency's admins and managers govern its businesses (as RLS, migration 017).
    if (!(CHILD_GOVERNING_ROLES as readonly RoleTemplate[]).includes(role)) return null;
    return role === 'agency_admin' ? 'owner' : 'admin';
  }
  if (membership.relation === 'super') {
    return role === 'super_user' ? 'member' : 'owner';
  }
  if (role.endsWith('_admin')) return 'owner';
  if (role.endsWith('_manager')) return 'admin';
  return 'member';
}

/**
 * Whether the actor's governing memberships of a workspace satisfy a module's `minimumRole`
 * (docs/modules.md "Who may do what"): `member` any active member of the workspace or anyone
 * governing it; `admin` its *_admin or *_manager role, a governing agency admin or manager, or
 * a super admin or manager; `owner` its *_admin role, the governing agency admin, or a super
 * admin or manager (super roles count as owner; super_user as member).
 */
export function satisfiesMinimumRole(
  memberships: readonly GoverningMembership[],
  minimumRole: MinimumRole,
): boolean {
  return memberships.some((membership) => {
    const rank = membershipRank(membership);
    return rank !== null && RANK[rank] >= RANK[minimumRole];
  });
}
