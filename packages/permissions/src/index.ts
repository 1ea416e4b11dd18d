export { CAPABILITIES, isCapability, type Capability } from './capabilities';
export {
  CHILD_GOVERNING_ROLES,
  ROLE_CAPABILITIES,
  ROLE_SCOPE,
  ROLE_TEMPLATES,
  WORKSPACE_TYPES,
  type RoleTemplate,
  type WorkspaceType,
} from './role-templates';
