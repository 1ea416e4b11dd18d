export { CAPABILITIES, isCapability, type Capability } from './capabilities';
export {
  CHILD_GOVERNING_ROLES,
  ROLE_CAPABILITIES,
  ROLE_SCOPE,
  ROLE_TEMPLATES,
  WORKSPACE_TYPES,
  isRoleTemplate,
  isWorkspaceType,
  type RoleTemplate,
  type WorkspaceType,
} from './role-templates';
export type {
  CapabilityOverride,
  GoverningMembership,
  GoverningRelation,
} from './governing-membership';
export { effectiveCapabilities, type EffectiveCapabilities } from './effective-capabilities';
export {
  IMPERSONATION_START_CAPABILITIES,
  impersonationCapabilities,
} from './impersonation-capabilities';
export {
  checkImpersonation,
  type CheckImpersonationInput,
  type ImpersonationActor,
  type ImpersonationTarget,
} from './check-impersonation';
export { CAPABILITY_IMPLICATIONS, holdsAllCapabilities } from './capability-implications';
export { canAssignRole } from './can-assign-role';
export { canGrantCapability } from './can-grant-capability';
export { canAssignEveryRole, type TargetMembership } from './can-assign-every-role';
export {
  judgeUserManagement,
  type UserManagementInput,
  type UserManagementVerdict,
} from './judge-user-management';
export { isUserInScope, type UserScopeInput } from './is-user-in-scope';
export { seesChildWorkspaces } from './sees-child-workspaces';
export { destinationFor, type Destination } from './destination-for';
