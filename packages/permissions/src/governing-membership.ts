import type { Capability } from './capabilities';
import type { RoleTemplate, WorkspaceType } from './role-templates';

/**
 * How a membership governs a workspace W (docs/identity.md "Effective permissions"):
 * `member` is a membership in W itself, `parent_agency` an agency admin/manager membership
 * in W's parent agency, `super` a membership in the super workspace.
 */
export type GoverningRelation = 'member' | 'parent_agency' | 'super';

/** One capability override of a membership: `allow = true` adds it, `false` removes it. */
export interface CapabilityOverride {
  capability: Capability;
  allow: boolean;
}

/** A membership of the acting user that governs the workspace being resolved. */
export interface GoverningMembership {
  /** The workspace the membership belongs to (W, W's parent agency, or the super workspace). */
  workspaceId: string;
  workspaceType: WorkspaceType;
  roleTemplate: RoleTemplate;
  relation: GoverningRelation;
  overrides: readonly CapabilityOverride[];
}
