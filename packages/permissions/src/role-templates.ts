import {
  ROLE_TEMPLATES,
  WORKSPACE_TYPES,
  type RoleTemplate,
  type WorkspaceType,
} from '@aiconnected/sdk-contracts';
import { CAPABILITIES, type Capability } from './capabilities';

// The workspace levels and role templates are part of the public contract (sdk-contracts); the
// rules here are built on them.
export { ROLE_TEMPLATES, WORKSPACE_TYPES, type RoleTemplate, type WorkspaceType };

/** Whether a string (e.g. `workspaces.type` read from the database) is a workspace type. */
export function isWorkspaceType(value: string): value is WorkspaceType {
  return (WORKSPACE_TYPES as readonly string[]).includes(value);
}

/** Whether a string (e.g. `workspace_memberships.role_template`) is one of the role templates. */
export function isRoleTemplate(value: string): value is RoleTemplate {
  return (ROLE_TEMPLATES as readonly string[]).includes(value);
}

/** The workspace type a role template can be held in. */
export const ROLE_SCOPE = {
  super_admin: 'super',
  super_manager: 'super',
  super_user: 'super',
  agency_admin: 'agency',
  agency_manager: 'agency',
  agency_user: 'agency',
  business_admin: 'business',
  business_manager: 'business',
  business_user: 'business',
} as const satisfies Record<RoleTemplate, WorkspaceType>;

/**
 * Role templates whose holders govern the child businesses of their agency (PRD §7: "agency
 * admin/manager roles can manage agency users and users inside child business workspaces").
 */
export const CHILD_GOVERNING_ROLES = [
  'agency_admin',
  'agency_manager',
] as const satisfies readonly RoleTemplate[];

const without = (...excluded: Capability[]): Capability[] =>
  CAPABILITIES.filter((capability) => !excluded.includes(capability));

const managerCapabilities: Capability[] = [
  'users.invite',
  'users.manage',
  'users.password.reset',
  'users.email.update',
  'branding.edit',
  'branding.login.edit',
  'layouts.edit',
  'modules.enable',
  'modules.disable',
  'navigation.manage',
  'features.manage',
];

/**
 * Role template -> capabilities. Admins hold everything of their level; managers run users,
 * branding, layouts and module switches but not billing, settings, domains, integrations or
 * credentials; plain users hold no administrative capability. Impersonation follows §6/§7:
 * super roles impersonate anywhere, agency admins/managers only their own businesses.
 * `013_seed_role_templates.sql` seeds exactly this map (a test compares them).
 */
export const ROLE_CAPABILITIES = {
  super_admin: without('impersonation.agency_business.start'),
  super_manager: [
    ...managerCapabilities,
    'modules.install',
    'ai.orchestration.manage',
    'impersonation.super.start',
    'impersonation.stop',
  ],
  super_user: [],
  agency_admin: without('impersonation.super.start'),
  agency_manager: [
    ...managerCapabilities,
    'impersonation.agency_business.start',
    'impersonation.stop',
  ],
  agency_user: [],
  business_admin: without(
    'impersonation.super.start',
    'impersonation.agency_business.start',
    'impersonation.stop',
  ),
  business_manager: managerCapabilities,
  business_user: [],
} as const satisfies Record<RoleTemplate, readonly Capability[]>;
