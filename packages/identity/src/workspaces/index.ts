export { createWorkspace, type CreateWorkspaceInput } from './create-workspace';
export { createChildWorkspace, type CreateChildWorkspaceInput } from './create-child-workspace';
export { getWorkspace, type GetWorkspaceInput } from './get-workspace';
export { listWorkspaces, type ListWorkspacesInput, type WorkspacePage } from './list-workspaces';
export { updateWorkspace, type UpdateWorkspaceInput } from './update-workspace';
export { slugifyWorkspaceName } from './workspace-name';
export {
  CHILD_TYPE,
  WORKSPACE_STATUSES,
  type WorkspaceRecord,
  type WorkspaceStatus,
} from './workspace-record';
export {
  listWorkspaceMemberships,
  type ListWorkspaceMembershipsInput,
  type WorkspaceMembership,
} from './list-workspace-memberships';
