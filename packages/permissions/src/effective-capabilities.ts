import type { Capability } from './capabilities';
import type { GoverningMembership, GoverningRelation } from './governing-membership';
import { CHILD_GOVERNING_ROLES, ROLE_CAPABILITIES, type RoleTemplate } from './role-templates';

/** What a user may do in one workspace: the reported role template and the capability set. */
export interface EffectiveCapabilities {
  /** The role template of the closest governing membership (member, then parent agency, then super). */
  roleTemplate: RoleTemplate;
  /** Sorted, without duplicates. */
  capabilities: Capability[];
}

const CLOSENESS: Record<GoverningRelation, number> = { member: 0, parent_agency: 1, super: 2 };

/**
 * The effective capabilities in a workspace from its governing memberships, the same rule as
 * `shell.workspaces_with_permission` (migration 017): per membership, its role template's
 * capabilities plus allow overrides minus deny overrides; the union over the memberships.
 * Null when nothing governs the workspace. A `parent_agency` membership whose role does not
 * govern child businesses (e.g. `agency_user`) is ignored, as the database ignores it.
 */
export function effectiveCapabilities(
  memberships: readonly GoverningMembership[],
): EffectiveCapabilities | null {
  const governing = memberships.filter(
    (membership) =>
      membership.relation !== 'parent_agency' ||
      (CHILD_GOVERNING_ROLES as readonly RoleTemplate[]).includes(membership.roleTemplate),
  );
  const closest = [...governing].sort((a, b) => CLOSENESS[a.relation] - CLOSENESS[b.relation])[0];
  if (closest === undefined) return null;

  const union = new Set<Capability>();
  for (const membership of governing) {
    for (const capability of membershipCapabilities(membership)) union.add(capability);
  }
  return { roleTemplate: closest.roleTemplate, capabilities: [...union].sort() };
}

/** One membership's capabilities: role template, plus allows, minus denies (a deny wins). */
function membershipCapabilities(membership: GoverningMembership): Set<Capability> {
  const capabilities = new Set<Capability>(ROLE_CAPABILITIES[membership.roleTemplate]);
  for (const { capability, allow } of membership.overrides) {
    if (allow) capabilities.add(capability);
  }
  // Denies last: the database's rule is "not denied AND (granted by role OR allowed)".
  for (const { capability, allow } of membership.overrides) {
    if (!allow) capabilities.delete(capability);
  }
  return capabilities;
}
